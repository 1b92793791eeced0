// Small page behaviours shared by every page, without inline scripts:
// - <form data-confirm="…"> asks before submitting; with data-confirm-field="role" data-confirm-value="none"
//   it asks only when that field has that value (revoking through a role picker).
// - <time datetime="…"> shows the moment in the reader's own time zone (the server writes UTC).
// - <input data-timezone> receives the reader's IANA time zone and <span data-timezone-name> shows it, so a
//   deadline typed as local time means what the reader meant (the server assumes UTC without it).
// - <a data-key="n"> is followed when that key is pressed outside a text field (keyboard shortcuts).
// - <span data-share="42"> is a bar 42 % wide. Set here rather than in a style attribute, which the
//   Content-Security-Policy forbids (style-src 'self'); a style set from a script file is allowed.
(() => {
    document.addEventListener("submit", e => {
        const form = e.target;
        if (!(form instanceof HTMLFormElement) || !form.dataset.confirm) return;
        const field = form.dataset.confirmField;
        if (field && form.elements[field]?.value !== form.dataset.confirmValue) return;
        if (!window.confirm(form.dataset.confirm)) e.preventDefault();
    });

    const format = new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "short" });
    for (const time of document.querySelectorAll("time[datetime]")) {
        const at = new Date(time.getAttribute("datetime"));
        if (Number.isNaN(at.getTime())) continue;
        time.title = time.textContent;
        time.textContent = format.format(at);
    }

    const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
    if (zone) {
        for (const input of document.querySelectorAll("input[data-timezone]")) input.value = zone;
        for (const name of document.querySelectorAll("[data-timezone-name]")) name.textContent = zone;
    }

    document.addEventListener("keydown", e => {
        if (e.ctrlKey || e.metaKey || e.altKey || e.target.closest?.("input, textarea, select, [contenteditable]")) return;
        const link = document.querySelector(`a[data-key="${CSS.escape(e.key)}"]`);
        if (link) { e.preventDefault(); link.click(); }
    });

    for (const bar of document.querySelectorAll("[data-share]")) {
        bar.style.width = `${Number(bar.dataset.share)}%`;
    }
})();
