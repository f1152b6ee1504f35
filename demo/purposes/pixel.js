// An ad pixel: runs only once "marketing" is granted (a script that ran cannot be un-run: the page reloads
// when the purpose is withdrawn, as the element's reload-on-downgrade asks).
document.getElementById('pixel-result').textContent = 'The ad pixel ran: "Marketing" is allowed.';
