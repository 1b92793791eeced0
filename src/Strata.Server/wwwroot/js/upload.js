// Upload with progress, whole folders and drag-and-drop. Files go through the batch content API the strata
// command uses: their SHA-256 is computed here, the server says which contents it lacks, only those are sent
// (POST .../contents/missing; POST .../contents in packs of up to 8 MB, PUT .../contents/{hash} for a bigger
// one), and then every file takes its place in one change of the state (POST .../changes): a folder of 2,000
// files is one new version, not 2,000. Where the browser cannot
// hash (a page not served over HTTPS or from localhost has no crypto.subtle) or a file is too big to hash in
// memory, that file is streamed to the files API instead (PUT .../files/{path}).
// Unless "replace" is ticked, a file whose path exists gets " (1)", " (2)"… and an uploaded folder merges into
// the existing one (placed as Pages/Instances/UploadPlacement.cs places them for the form post that works
// without this script).
(() => {
    const form = document.querySelector("form.upload");
    if (!form || !window.XMLHttpRequest) return;
    const token = document.querySelector('meta[name="csrf-token"]')?.content ?? "";
    const api = form.dataset.api;
    const folder = form.dataset.folder ?? "";
    const progress = form.querySelector("progress");
    const status = form.querySelector(".upload-status");
    const drop = form.querySelector(".drop");
    let dropped = [];

    const encode = path => path.split("/").filter(s => s.length > 0).map(encodeURIComponent).join("/");
    const join = (a, b) => (a ? a + "/" : "") + b;

    const unique = (name, taken) => {
        if (!taken.has(name)) return name;
        const dot = name.lastIndexOf(".");
        const [stem, ext] = dot > 0 ? [name.slice(0, dot), name.slice(dot)] : [name, ""];
        for (let n = 1; ; n++) {
            const candidate = `${stem} (${n})${ext}`;
            if (!taken.has(candidate)) return candidate;
        }
    };

    const state = api.replace(/files\/$/, "");       // .../states/current/
    const hashLimit = 256 * 1024 * 1024;               // bigger files are streamed, not read into memory to hash
    const batchLimit = 100000;                         // changes in one request (ContentBatch.MaxItems)
    const packBytes = 8 * 1024 * 1024;                 // contents below this travel together, as the strata command sends them
    const canHash = window.isSecureContext && !!window.crypto?.subtle;

    const problem = (status, text) => {
        try { return JSON.parse(text || "{}").detail ?? `Upload failed (${status}).`; } catch { return `Upload failed (${status}).`; }
    };

    const send = (method, url, body, onProgress, type) => new Promise((resolve, reject) => {
        const request = new XMLHttpRequest();
        request.open(method, url);
        request.setRequestHeader("X-CSRF-TOKEN", token);
        if (type) request.setRequestHeader("Content-Type", type);
        if (onProgress) request.upload.onprogress = e => onProgress(e.loaded);
        request.onload = () => request.status < 300 ? resolve(request.responseText) : reject(new Error(problem(request.status, request.responseText)));
        request.onerror = request.onabort = request.ontimeout = () => reject(new Error("The connection was lost during the upload."));
        request.send(body);
    });

    const put = (path, file, onProgress) => send("PUT", api + encode(path), file, onProgress);

    const postJson = async (url, value) => JSON.parse(await send("POST", url, JSON.stringify(value), null, "application/json") || "{}");

    const sha256 = async file => {
        const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", await file.arrayBuffer()));
        return Array.from(digest, b => b.toString(16).padStart(2, "0")).join("");
    };

    // Runs work(item) for every item, at most `width` at a time. After a failure no lane starts another item, and
    // the failure is reported once every lane has stopped (so nothing is still sending when the form is usable again).
    const inParallel = async (items, width, work) => {
        let next = 0, failed = false;
        const lane = async () => {
            while (!failed && next < items.length) {
                try { await work(items[next++]); } catch (error) { failed = true; throw error; }
            }
        };
        const lanes = await Promise.allSettled(Array.from({ length: Math.min(width, items.length) }, lane));
        const failure = lanes.find(l => l.status === "rejected");
        if (failure) throw failure.reason;
    };

    drop.hidden = false;
    ["dragenter", "dragover"].forEach(type => drop.addEventListener(type, e => { e.preventDefault(); drop.classList.add("over"); }));
    ["dragleave", "drop"].forEach(type => drop.addEventListener(type, () => drop.classList.remove("over")));
    drop.addEventListener("drop", e => {
        e.preventDefault();
        dropped = [...e.dataTransfer.files];
        status.textContent = `${dropped.length} file(s) ready to upload.`;
    });

    // Where each file goes without "replace": listings of the destination folders are read once each
    // (a 404 is a folder that does not exist yet), then grow as files are placed.
    const placement = () => {
        const taken = new Map();    // destination folder -> Map(name -> "file" | "folder")
        const folders = new Map();  // folder path inside the upload -> where it went
        const listing = async path => {
            if (!taken.has(path)) {
                const response = await fetch(api + encode(path), { headers: { "Accept": "application/json" } });
                if (!response.ok && response.status !== 404) throw new Error(`Could not read the folder "${path}" (${response.status}).`);
                const body = response.ok ? await response.json() : {};
                taken.set(path, new Map((Array.isArray(body.entries) ? body.entries : []).map(e => [e.name, e.kind])));
            }
            return taken.get(path);
        };
        return async relative => {
            // The store keeps names NFC-normalised; macOS gives them decomposed.
            const segments = relative.normalize("NFC").split("/").filter(s => s.length > 0);
            let uploaded = "", placed = folder;
            for (const segment of segments.slice(0, -1)) {
                uploaded = join(uploaded, segment);
                if (!folders.has(uploaded)) {
                    const here = await listing(placed);
                    const merges = here.get(segment) === "folder";
                    const name = merges ? segment : unique(segment, here);
                    here.set(name, "folder");
                    if (!merges) taken.set(join(placed, name), new Map());
                    folders.set(uploaded, join(placed, name));
                }
                placed = folders.get(uploaded);
            }
            const here = await listing(placed);
            const name = unique(segments[segments.length - 1], here);
            here.set(name, "file");
            const path = join(placed, name);
            return { path, renamed: path !== join(folder, segments.join("/")) };
        };
    };

    // The page reloads after an upload; the outcome is shown on the status line of the new page.
    const said = sessionStorage.getItem("strata-upload-status");
    if (said) {
        sessionStorage.removeItem("strata-upload-status");
        status.textContent = said;
    }

    const outcome = (count, renamed) => {
        const uploaded = `Uploaded ${count} ${count === 1 ? "file" : "files"}`;
        if (renamed.length === 0) return uploaded + ".";
        const named = renamed.slice(0, 5).join(", ") + (renamed.length > 5 ? ", …" : "");
        return `${uploaded}; ${renamed.length} renamed so nothing was replaced: ${named}.`;
    };

    form.addEventListener("submit", async e => {
        e.preventDefault();
        const files = [...form.querySelector('input[name="upload"]').files, ...form.querySelector('input[name="folder"]').files, ...dropped];
        if (files.length === 0) { status.textContent = "Choose files or a folder first."; return; }
        const replace = form.querySelector('input[name="replace"]').checked;
        const place = placement();
        const total = files.reduce((sum, f) => sum + f.size, 0) || 1;
        const renamed = [];
        let done = 0;
        progress.hidden = false;
        form.querySelector('button[type="submit"]').disabled = true;
        try {
            const placed = [];
            for (const file of files) {
                const relative = file.webkitRelativePath || file.name;
                const { path, renamed: wasRenamed } = replace ? { path: join(folder, relative), renamed: false } : await place(relative);
                if (wasRenamed) renamed.push(folder ? path.slice(folder.length + 1) : path);
                placed.push({ file, path, relative });
            }
            const batched = canHash ? placed.filter(p => p.file.size <= hashLimit) : [];
            const streamed = canHash ? placed.filter(p => p.file.size > hashLimit) : placed;

            // The batch: hash, ask what is missing, send only that, then one change for all of them.
            let checked = 0;
            for (const item of batched) {
                status.textContent = `Checking ${++checked} of ${batched.length} files…`;
                item.hash = await sha256(item.file);
            }
            const missing = new Set();
            const hashes = [...new Set(batched.map(p => p.hash))];
            for (let i = 0; i < hashes.length; i += batchLimit) {
                const answer = await postJson(state + "contents/missing", { hashes: hashes.slice(i, i + batchLimit) });
                for (const hash of answer.missing ?? []) missing.add(hash);
            }
            const byHash = new Map(batched.map(p => [p.hash, p]));
            const toSend = [...missing].map(hash => byHash.get(hash)).filter(item => item !== undefined);
            // Small contents travel together, as the strata command sends them: packs of up to 8 MB (1,000 at most).
            const units = [];
            let pack = [], packed = 0;
            for (const item of [...toSend].sort((a, b) => a.file.size - b.file.size)) {
                if (item.file.size >= packBytes) { units.push([item]); continue; }
                if (pack.length > 0 && (packed + item.file.size > packBytes || pack.length >= 1000)) { units.push(pack); pack = []; packed = 0; }
                pack.push(item);
                packed += item.file.size;
            }
            if (pack.length > 0) units.push(pack);
            const sending = new Map();
            const shown = () => { progress.value = Math.round(100 * (done + [...sending.values()].reduce((a, b) => a + b, 0)) / total); };
            let sent = 0;
            await inParallel(units, 3, async unit => {
                const onProgress = loaded => { sending.set(unit, loaded); shown(); };
                if (unit.length === 1 && unit[0].file.size >= packBytes) {
                    await send("PUT", state + "contents/" + unit[0].hash, unit[0].file, onProgress);
                } else {
                    const body = new FormData();
                    for (const item of unit) body.append(item.hash, item.file, item.hash);
                    await send("POST", state + "contents", body, onProgress);
                }
                sending.delete(unit);
                done += unit.reduce((sum, item) => sum + item.file.size, 0);
                sent += unit.length;
                status.textContent = `Uploaded ${sent} of ${toSend.length} files…`;
                shown();
            });
            for (let i = 0; i < batched.length; i += batchLimit) {
                status.textContent = `Saving ${batched.length} ${batched.length === 1 ? "file" : "files"}…`;
                await postJson(state + "changes", { changes: batched.slice(i, i + batchLimit).map(p => ({ op: "put", path: p.path, hash: p.hash })) });
            }
            done = batched.reduce((sum, p) => sum + p.file.size, 0);

            for (const { file, path, relative } of streamed) {
                status.textContent = `Uploading ${relative}…`;
                await put(path, file, loaded => { progress.value = Math.round(100 * (done + loaded) / total); });
                done += file.size;
            }
            sessionStorage.setItem("strata-upload-status", outcome(files.length, renamed));
            window.location.reload();
        } catch (error) {
            status.textContent = error.message;
            form.querySelector('button[type="submit"]').disabled = false;
        }
    });
})();
