using MimeKit;

namespace Strata.Core.Mail;

/// <summary>
/// Without an SMTP server, each message is written as an .eml file (written to a temporary name and
/// renamed, so a reader never sees half a message).
/// </summary>
public sealed class PickupDirectoryEmailSender(string directory) : IEmailSender
{
    public string Directory { get; } = directory;

    public async Task SendAsync(MimeMessage message, CancellationToken ct)
    {
        System.IO.Directory.CreateDirectory(Directory);
        var name = $"{DateTime.UtcNow:yyyyMMddTHHmmssfff}-{Guid.NewGuid():N}";
        var temporary = Path.Combine(Directory, name + ".tmp");
        await message.WriteToAsync(temporary, ct);
        File.Move(temporary, Path.Combine(Directory, name + ".eml"));
    }
}
