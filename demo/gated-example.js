// A third-party script that waits for consent: it only runs once the level reaches "full".
document.getElementById('gated-result').textContent = 'The gated script ran: the level reached "full".';
