// The public live leaderboard (/live/{id}): no Blazor, just the SignalR client. Subscribe gives a snapshot,
// then "diff" messages replace changed rows and drop gone ones; rows that move slide to their new place.
(function () {
    'use strict';
    const root = document.getElementById('live-board');
    if (!root || typeof signalR === 'undefined') return;

    const id = Number(root.dataset.tournamentId);
    const top = Number(root.dataset.top) || 25;
    const text = JSON.parse(root.dataset.strings || '{}');
    const culture = root.dataset.culture || undefined;
    const list = root.querySelector('[data-testid=live-rows]');
    const empty = root.querySelector('[data-testid=live-empty]');
    const count = root.querySelector('[data-testid=live-count]');
    const stateEl = root.querySelector('[data-testid=live-state]');
    const countdown = root.querySelector('[data-testid=live-countdown]');
    const countdownLabel = root.querySelector('[data-testid=live-countdown-label]');
    const connection = root.querySelector('[data-testid=live-connection]');

    const board = {
        state: root.dataset.state, unit: root.dataset.unit,
        startsAt: new Date(root.dataset.startsAt), endsAt: new Date(root.dataset.endsAt), rows: new Map(),
    };
    const elements = new Map(); // key -> <li>
    const integer = new Intl.NumberFormat(culture, { maximumFractionDigits: 0 });
    const plural = new Intl.PluralRules(culture);

    function formatScore(score) {
        const unit = (plural.select(score) === 'one' && text[board.unit + '.one']) || text[board.unit] || '';
        return integer.format(score) + ' ' + unit;
    }

    // A money tournament sends no amounts, only each row's share of the leader's score (bar, in thousandths).
    function drawScore(el, row) {
        if (row.score !== null && row.score !== undefined) {
            el.textContent = formatScore(row.score);
            return;
        }
        const share = Math.max(0, Math.min(1000, row.bar || 0)) / 10;
        let fill = el.querySelector('.live-bar-fill');
        if (!fill) {
            el.textContent = '';
            const bar = document.createElement('span');
            bar.className = 'live-bar';
            bar.dataset.testid = 'live-bar';
            fill = document.createElement('span');
            fill.className = 'live-bar-fill';
            bar.appendChild(fill);
            el.appendChild(bar);
        }
        fill.style.width = share + '%';
        el.setAttribute('aria-label', (text.bar || '{0}%').replace('{0}', integer.format(Math.round(share))));
    }

    function pad(n) { return String(n).padStart(2, '0'); }

    function tick() {
        const now = Date.now();
        let label, value;
        if (board.state === 'finalized') { label = text['state.finalized']; value = text.finalResults; }
        else if (board.state === 'ended' || now >= board.endsAt) { label = text['state.ended']; value = text.ended; }
        else {
            const before = now < board.startsAt;
            label = before ? text.startsIn : text.endsIn;
            let s = Math.max(0, Math.floor(((before ? board.startsAt : board.endsAt) - now) / 1000));
            const d = Math.floor(s / 86400); s %= 86400;
            const clock = pad(Math.floor(s / 3600)) + ':' + pad(Math.floor(s / 60) % 60) + ':' + pad(s % 60);
            value = d > 0 ? (text.days || '{0}d').replace('{0}', integer.format(d)) + ' ' + clock : clock;
        }
        countdownLabel.textContent = label;
        countdown.textContent = value;
    }

    function setState(state) {
        board.state = state;
        stateEl.textContent = text['state.' + state] || state;
        stateEl.className = 'live-state live-state-' + state;
        root.dataset.state = state;
    }

    function setConnection(status) {
        connection.dataset.status = status;
        connection.textContent = text[status] || status;
    }

    function rowElement(row) {
        let li = elements.get(row.key);
        if (!li) {
            li = document.createElement('li');
            li.className = 'live-row';
            li.dataset.testid = 'live-row';
            li.innerHTML = '<span class="live-rank" data-testid="live-rank"></span>' +
                '<span class="live-move" data-testid="live-move"></span>' +
                '<span class="live-name" data-testid="live-name"></span>' +
                '<span class="live-score" data-testid="live-score"></span>';
            elements.set(row.key, li);
        }
        li.dataset.key = row.key;
        li.querySelector('.live-rank').textContent = integer.format(row.rank);
        li.querySelector('.live-name').textContent = row.name;
        drawScore(li.querySelector('.live-score'), row);
        return li;
    }

    // was: rank each key had before this render (null on a snapshot: nothing animates).
    function render(was) {
        const rows = [...board.rows.values()].sort((a, b) => a.rank - b.rank).slice(0, top);
        const shown = new Set(rows.map(r => r.key));
        const before = new Map();
        for (const [key, li] of elements) {
            if (li.isConnected) before.set(key, li.getBoundingClientRect().top);
            if (!shown.has(key)) { li.remove(); elements.delete(key); }
        }
        rows.forEach((row, i) => {
            const li = rowElement(row);
            if (list.children[i] !== li) list.insertBefore(li, list.children[i] || null);
            li.classList.toggle('live-podium', row.rank <= 3);
            const old = was ? (row.previousRank ?? was.get(row.key)) : undefined;
            if (old !== undefined && old !== null && old !== row.rank) mark(li, old - row.rank);
        });
        // FLIP: start each moved row where it was, then let it slide to its new place.
        for (const row of rows) {
            const li = elements.get(row.key);
            const from = before.get(row.key);
            if (from === undefined) continue;
            const delta = from - li.getBoundingClientRect().top;
            if (!delta) continue;
            li.style.transition = 'none';
            li.style.transform = 'translateY(' + delta + 'px)';
            requestAnimationFrame(() => requestAnimationFrame(() => {
                li.style.transition = '';
                li.style.transform = '';
            }));
        }
        empty.hidden = rows.length > 0;
    }

    function mark(li, places) {
        const move = li.querySelector('.live-move');
        const up = places > 0;
        move.textContent = (up ? '▲' : '▼') + integer.format(Math.abs(places));
        move.setAttribute('aria-label', ((up ? text.up : text.down) || '{0}').replace('{0}', Math.abs(places)));
        move.dataset.direction = up ? 'up' : 'down';
        li.classList.remove('live-up', 'live-down');
        void li.offsetWidth; // restart the highlight when a row moves again
        li.classList.add(up ? 'live-up' : 'live-down');
        clearTimeout(li.moveTimer);
        li.moveTimer = setTimeout(() => {
            li.classList.remove('live-up', 'live-down');
            move.textContent = '';
            move.removeAttribute('aria-label');
            delete move.dataset.direction;
        }, 8000);
    }

    function applySnapshot(s) {
        board.unit = s.scoreUnit || board.unit;
        board.startsAt = new Date(s.startsAt);
        board.endsAt = new Date(s.endsAt);
        board.rows = new Map(s.rows.map(r => [r.key, r]));
        count.textContent = integer.format(s.count);
        setState(s.state);
        render(null);
        tick();
    }

    function applyDiff(d) {
        if (d.tournamentId !== id) return;
        const was = new Map([...board.rows.values()].map(r => [r.key, r.rank]));
        for (const key of d.gone || []) board.rows.delete(key);
        for (const row of d.rows || []) board.rows.set(row.key, row);
        board.endsAt = new Date(d.endsAt);
        count.textContent = integer.format(d.count);
        setState(d.state);
        render(was);
        tick();
    }

    const hub = new signalR.HubConnectionBuilder()
        .withUrl('/hubs/leaderboard')
        .withAutomaticReconnect()
        .build();
    hub.on('diff', applyDiff);
    hub.onreconnecting(() => setConnection('reconnecting'));
    hub.onreconnected(() => subscribe().catch(() => setConnection('offline'))); // e.g. the tournament was deleted meanwhile
    hub.onclose(() => { setConnection('offline'); setTimeout(start, 5000); });

    async function subscribe() {
        const snapshot = await hub.invoke('Subscribe', id);
        if (snapshot) applySnapshot(snapshot);
        setConnection('live');
    }

    async function start() {
        try {
            await hub.start();
            await subscribe();
        } catch {
            setConnection('reconnecting');
            if (hub.state === signalR.HubConnectionState.Disconnected) setTimeout(start, 5000);
            else await hub.stop();
        }
    }

    tick();
    setInterval(tick, 1000);
    start();
})();
