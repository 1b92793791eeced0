// Small page behaviours shared by every page, without inline scripts:
// - <form data-confirm="…"> asks before submitting; with data-confirm-field="role" data-confirm-value="none"
//   it asks only when that field has that value (revoking through a role picker).
// - <time datetime="…"> shows the moment in the reader's own time zone (the server writes UTC).
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

    for (const bar of document.querySelectorAll("[data-share]")) {
        bar.style.width = `${Number(bar.dataset.share)}%`;
    }
})();
