// Upload with progress, whole folders and drag-and-drop: each file is streamed to the files API
// (PUT .../files/{path}); names that exist get " (1)", " (2)"… unless "replace" is ticked.
// Without this script the form still posts the files to the page.
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

    const put = (path, file, onProgress) => new Promise((resolve, reject) => {
        const request = new XMLHttpRequest();
        request.open("PUT", api + encode(path));
        request.setRequestHeader("X-CSRF-TOKEN", token);
        request.upload.onprogress = e => onProgress(e.loaded);
        request.onload = () => request.status < 300 ? resolve() : reject(new Error(JSON.parse(request.responseText || "{}").detail ?? `Upload failed (${request.status}).`));
        request.onerror = () => reject(new Error("The connection was lost during the upload."));
        request.send(file);
    });

    drop.hidden = false;
    ["dragenter", "dragover"].forEach(type => drop.addEventListener(type, e => { e.preventDefault(); drop.classList.add("over"); }));
    ["dragleave", "drop"].forEach(type => drop.addEventListener(type, () => drop.classList.remove("over")));
    drop.addEventListener("drop", e => {
        e.preventDefault();
        dropped = [...e.dataTransfer.files];
        status.textContent = `${dropped.length} file(s) ready to upload.`;
    });

    form.addEventListener("submit", async e => {
        e.preventDefault();
        const files = [...form.querySelector('input[name="upload"]').files, ...form.querySelector('input[name="folder"]').files, ...dropped];
        if (files.length === 0) { status.textContent = "Choose files or a folder first."; return; }
        const replace = form.querySelector('input[name="replace"]').checked;
        const listing = await fetch(api + encode(folder), { headers: { "Accept": "application/json" } }).then(r => r.ok ? r.json() : { entries: [] });
        const taken = new Set(listing.entries.map(entry => entry.name));
        const total = files.reduce((sum, f) => sum + f.size, 0) || 1;
        let done = 0;
        progress.hidden = false;
        form.querySelector('button[type="submit"]').disabled = true;
        try {
            for (const file of files) {
                const relative = file.webkitRelativePath || file.name;
                const top = relative.split("/")[0];
                const name = replace || relative.includes("/") ? top : unique(top, taken);
                taken.add(name);
                const path = join(folder, [name, ...relative.split("/").slice(1)].join("/"));
                status.textContent = `Uploading ${relative}…`;
                await put(path, file, loaded => { progress.value = Math.round(100 * (done + loaded) / total); });
                done += file.size;
            }
            status.textContent = `Uploaded ${files.length} file(s).`;
            window.location.reload();
        } catch (error) {
            status.textContent = error.message;
            form.querySelector('button[type="submit"]').disabled = false;
        }
    });
})();
