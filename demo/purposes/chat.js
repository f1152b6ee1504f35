// A chat widget: runs only once the site's own purpose "chat" is granted.
document.getElementById('chat-result').textContent = 'The chat widget loaded: "Live chat" is allowed.';
