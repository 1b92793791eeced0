// A real SMTP server for Strata's tests: accepts every message (no auth, no TLS) and writes
// each one, raw, to OUTDIR/<n>.eml. Usage: node server.js PORT OUTDIR. Prints "listening" when ready.
const fs = require('fs');
const path = require('path');
const { SMTPServer } = require('smtp-server');

const [port, outDir] = process.argv.slice(2);
if (!port || !outDir) {
  console.error('usage: node server.js PORT OUTDIR');
  process.exit(2);
}
fs.mkdirSync(outDir, { recursive: true });
let count = 0;

const server = new SMTPServer({
  authOptional: true,
  disabledCommands: ['STARTTLS', 'AUTH'],
  logger: false,
  onData(stream, session, callback) {
    const chunks = [];
    stream.on('data', (chunk) => chunks.push(chunk));
    stream.on('end', () => {
      count += 1;
      const file = path.join(outDir, `${count}.eml`);
      fs.writeFileSync(file + '.tmp', Buffer.concat(chunks));
      fs.renameSync(file + '.tmp', file);
      callback();
    });
  },
});
server.listen(Number(port), '127.0.0.1', () => console.log('listening'));
process.on('SIGTERM', () => server.close(() => process.exit(0)));
