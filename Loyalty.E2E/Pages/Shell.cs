using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Loyalty.E2E.Pages;

/// <summary>Drives the interactive shell around every page (the document, the language picker).</summary>
public sealed class Shell(IPage page)
{
    /// <summary>The html element, which carries the page's lang and dir.</summary>
    public ILocator Document => page.Locator("html");

    /// <summary>Waits until the circuit is connected, so clicks reach their handlers.</summary>
    public Task WaitUntilInteractiveAsync() => Expect(page.Locator("body")).ToHaveAttributeAsync("data-interactive", "true");

    public async Task SwitchLanguageAsync(string nativeName)
    {
        await WaitUntilInteractiveAsync();
        // Found by its test id: its label is in the language the page speaks.
        await page.Locator("[data-testid=language-picker] button").First.ClickAsync();
        await page.GetByText(nativeName, new() { Exact = true }).ClickAsync();
    }

    /// <summary>
    /// Every visible piece of text that runs past the screen's edge or out of its own box (a word too long for a button),
    /// outside the closed navigation drawer and outside boxes that scroll or clip on purpose; plus the page itself being
    /// wider than the screen. Empty when the page fits.
    /// </summary>
    public async Task<IReadOnlyList<string>> OverflowsAsync() => await page.EvaluateAsync<string[]>("""
        () => {
          const vw = document.documentElement.clientWidth, found = [];
          if (document.documentElement.scrollWidth > vw + 1) found.push(`page is ${document.documentElement.scrollWidth}px wide on a ${vw}px screen`);
          const clipsOrScrolls = el => { for (let a = el.parentElement; a; a = a.parentElement) {
              const s = getComputedStyle(a); if (s.overflowX !== 'visible' && a !== document.body && a !== document.documentElement) return true; } return false; };
          for (const el of document.querySelectorAll('body *')) {
            if (el.closest('.mud-drawer, .mud-popover, script, style, [aria-hidden=true]')) continue;
            const text = [...el.childNodes].filter(n => n.nodeType === 3).map(n => n.textContent.trim()).filter(t => t).join(' ');
            if (!text) continue;
            const r = el.getBoundingClientRect(), s = getComputedStyle(el);
            if (r.width === 0 || r.height === 0 || s.visibility === 'hidden') continue;
            const name = `${el.tagName.toLowerCase()}${el.className && typeof el.className === 'string' ? '.' + el.className.trim().split(/\s+/).slice(0, 2).join('.') : ''} "${text.slice(0, 40)}"`;
            if ((r.right > vw + 1 || r.left < -1) && !clipsOrScrolls(el)) found.push(`${name} reaches ${Math.round(r.left)}..${Math.round(r.right)}px`);
            else if (el.scrollWidth > el.clientWidth + 1 && s.overflowX === 'visible' && s.display !== 'inline' && el.clientWidth > 0)
              found.push(`${name} is ${el.scrollWidth}px in a ${el.clientWidth}px box`);
          }
          return found;
        }
        """);
}
