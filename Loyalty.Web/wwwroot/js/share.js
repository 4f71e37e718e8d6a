// The referral page's share and copy buttons (an ES module, loaded on demand; the CSP allows only 'self' scripts).
export function canShare() {
    return typeof navigator.share === "function";
}

// Opens the browser's share sheet; false when there is none or the member closed it.
export async function share(title, text, url) {
    if (typeof navigator.share !== "function") return false;
    try {
        await navigator.share({ title: title, text: text, url: url });
        return true;
    } catch {
        return false;
    }
}

export async function copy(text) {
    try {
        await navigator.clipboard.writeText(text);
        return true;
    } catch {
        return false;
    }
}
