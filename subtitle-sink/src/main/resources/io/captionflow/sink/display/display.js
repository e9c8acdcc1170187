// captionflow display page: one WebSocket per session, newest line at the bottom, reconnect with backoff.
// URL parameters: session, partial=true|false, fontSize (px), token.
// Once a session's enhanced transcript is complete (hello's `enhanced`, or an `enhanced` message) a
// button shows it instead of the live lines, and back.
(function () {
  'use strict';

  var params = new URLSearchParams(location.search);
  var state = {
    session: params.get('session') || '',
    partials: params.get('partial') === 'true',
    token: params.get('token') || '',
    config: { speakerColours: ['#ffffff'], webSocketPath: '/ws/sessions/{sessionId}' },
    socket: null,
    lastCursor: null, // "<run>:<end ms>" of the newest segment shown: where a reconnect resumes
    lastSpeaker: null,
    // The line still growing: final words (full white) and, with partials, the dim tail after them.
    live: { el: null, words: [], partial: null },
    retryMillis: 500,
    retryTimer: null,
    stopped: false,
    showingEnhanced: false
  };
  var MAX_LINES = 300;

  var captions = document.getElementById('captions');
  var picker = document.getElementById('session-picker');
  var partialToggle = document.getElementById('partial-toggle');
  var statusBadge = document.getElementById('status');
  var overlay = document.getElementById('overlay-status');
  var enhancedToggle = document.getElementById('enhanced-toggle');
  var enhancedCaptions = document.getElementById('enhanced-captions');

  var fontSize = parseInt(params.get('fontSize') || '', 10);
  if (fontSize > 0) {
    document.documentElement.style.setProperty('--caption-size', fontSize + 'px');
  }
  partialToggle.checked = state.partials;

  function authHeaders() {
    return state.token ? { Authorization: 'Bearer ' + state.token } : {};
  }

  // One badge: the bar's outside full screen, the overlay (CSS shows it only in full screen) inside.
  function setStatus(kind, text) {
    statusBadge.className = 'status ' + kind;
    statusBadge.textContent = text;
    document.body.dataset.status = kind;
    overlay.hidden = kind === 'live' || kind === 'idle';
    overlay.textContent = text;
  }

  // The badge for a session's lifecycle state (hello's state, a session message's state).
  function showSessionState(sessionState) {
    switch (sessionState) {
      case 'WAITING': setStatus('waiting', 'waiting for speech'); break;
      case 'STARTED':
      case 'LIVE': setStatus('live', 'live'); break;
      default: setStatus('ended', 'session ' + sessionState.toLowerCase()); break; // ENDED, EXPIRED, REFUSED
    }
  }

  // Words arriving prove the session is live even when its STARTED was before the lookback.
  function liveOnWords() {
    if (document.body.dataset.status === 'waiting') {
      setStatus('live', 'live');
    }
  }

  function speakerColour(speaker) {
    var colours = state.config.speakerColours;
    return speaker == null ? colours[0] : colours[speaker % colours.length];
  }

  function scrollToNewest() {
    captions.scrollTop = captions.scrollHeight;
  }

  function trimOldLines() {
    while (captions.children.length > MAX_LINES) {
      captions.removeChild(captions.firstChild);
    }
  }

  function renderLine(el, msg) {
    el.textContent = '';
    el.style.color = speakerColour(msg.speaker);
    if (msg.speaker != null && msg.speaker !== state.lastSpeaker) {
      var label = document.createElement('span');
      label.className = 'speaker';
      label.textContent = 'Speaker ' + (msg.speaker + 1);
      el.appendChild(label);
    }
    el.appendChild(document.createTextNode(msg.text));
  }

  function middle(w) {
    return (w.start + w.end) / 2;
  }

  // Audio seconds of run `run` already on screen: the last final word or closed segment.
  function shownUntil(run) {
    var live = state.live;
    var until = -Infinity;
    if (state.lastCursor !== null) {
      var c = state.lastCursor.split(':').map(Number);
      if (c[0] === run) { until = c[1] / 1000; }
    }
    if (live.words.length) {
      until = Math.max(until, live.words[live.words.length - 1].end);
    }
    return until;
  }

  function renderLive() {
    var live = state.live;
    var from = live.words.length ? live.words[live.words.length - 1].end : -Infinity;
    var tail = state.partials && live.partial
      ? live.partial.words.filter(function (w) { return middle(w) > from; }) : [];
    if (!live.words.length && !tail.length) {
      if (live.el) { live.el.remove(); }
      live.el = null;
      return;
    }
    if (!live.el) {
      live.el = document.createElement('p');
      captions.appendChild(live.el);
    }
    var text = function (ws) { return ws.map(function (w) { return w.text; }).join(' '); };
    // Final words are never revised: full white at once; only a partial-only line is dim.
    live.el.className = live.words.length ? 'line open' : 'line partial';
    var speaker = live.words.length ? live.words[0].speaker : live.partial.speaker;
    renderLine(live.el, { speaker: speaker, text: live.words.length ? text(live.words) : text(tail) });
    if (live.words.length && tail.length) {
      var dim = document.createElement('span');
      dim.className = 'tail';
      dim.textContent = ' ' + text(tail);
      live.el.appendChild(dim);
    }
    scrollToNewest();
  }

  function clearLive() {
    state.live.words = [];
    state.live.partial = null;
    renderLive();
  }

  // Cursors order by run, then by end time; null is before everything.
  function isAfter(cursor, other) {
    if (other === null) {
      return true;
    }
    var a = cursor.split(':').map(Number);
    var b = other.split(':').map(Number);
    return a[0] !== b[0] ? a[0] > b[0] : a[1] > b[1];
  }

  function showSegment(msg) {
    if (!isAfter(msg.cursor, state.lastCursor)) {
      return; // already shown (history overlap after a reconnect)
    }
    var live = state.live;
    var el = live.el || document.createElement('p'); // the growing line closes where it is
    var reused = live.el !== null;
    live.el = null;
    el.className = 'line final';
    el.dataset.sequence = msg.sequence;
    el.dataset.cursor = msg.cursor;
    el.dataset.id = msg.id;
    renderLine(el, msg);
    if (!reused) {
      captions.appendChild(el);
    }
    state.lastCursor = msg.cursor;
    state.lastSpeaker = msg.speaker;
    // The segment carries the final words shown before it; later ones (another cut) stay open.
    live.words = live.words.filter(function (w) { return middle(w) > msg.end; });
    live.partial = null;
    renderLive();
    trimOldLines();
    scrollToNewest();
  }

  function showWords(msg) {
    var until = shownUntil(msg.run);
    msg.words.forEach(function (w) {
      if (middle(w) > until) {
        state.live.words.push(w);
        until = w.end;
      }
    });
    renderLive();
  }

  function showPartial(msg) {
    if (!state.partials) {
      return; // the sink sends only partials past what is confirmed
    }
    state.live.partial = msg;
    renderLive();
  }

  function notice(text) {
    var el = document.createElement('p');
    el.className = 'notice';
    el.textContent = text;
    captions.appendChild(el);
    scrollToNewest();
  }

  function setEnhancedAvailable(available) {
    enhancedToggle.hidden = !available;
    if (!available && state.showingEnhanced) {
      showLive();
    }
  }

  function showLive() {
    state.showingEnhanced = false;
    enhancedCaptions.hidden = true;
    captions.hidden = false;
    enhancedToggle.textContent = 'Enhanced transcript';
    scrollToNewest();
  }

  // The whole enhanced transcript, one line per segment, in the live lines' colours and labels.
  function showEnhanced() {
    state.showingEnhanced = true;
    captions.hidden = true;
    enhancedCaptions.hidden = false;
    enhancedToggle.textContent = 'Live captions';
    enhancedCaptions.textContent = '';
    var session = state.session;
    fetch('/api/sessions/' + encodeURIComponent(session) + '/enhanced.json', { headers: authHeaders() })
      .then(function (r) { return r.json().then(function (body) { return { ok: r.ok, body: body }; }); })
      .then(function (res) {
        if (state.session !== session || !state.showingEnhanced) {
          return; // switched away meanwhile
        }
        if (!res.ok) {
          enhancedNotice(res.body.error || 'no enhanced transcript');
          return;
        }
        var previousSpeaker = null;
        res.body.segments.forEach(function (segment) {
          var el = document.createElement('p');
          el.className = 'line enhanced';
          el.dataset.sequence = segment.sequence;
          el.style.color = speakerColour(segment.speaker);
          if (segment.speaker != null && segment.speaker !== previousSpeaker) {
            var label = document.createElement('span');
            label.className = 'speaker';
            label.textContent = 'Speaker ' + (segment.speaker + 1);
            el.appendChild(label);
          }
          previousSpeaker = segment.speaker;
          el.appendChild(document.createTextNode(segment.text));
          enhancedCaptions.appendChild(el);
        });
        enhancedCaptions.scrollTop = enhancedCaptions.scrollHeight;
      })
      .catch(function () { enhancedNotice('enhanced transcript not reachable'); });
  }

  function enhancedNotice(text) {
    var el = document.createElement('p');
    el.className = 'notice';
    el.textContent = text;
    enhancedCaptions.appendChild(el);
  }

  function onMessage(event) {
    var msg = JSON.parse(event.data);
    switch (msg.type) {
      case 'hello':
        showSessionState(msg.state);
        state.retryMillis = 500;
        clearLive(); // the open line's final words follow the history again
        setEnhancedAvailable(msg.enhanced === true);
        break;
      case 'segment':
        liveOnWords();
        showSegment(msg);
        break;
      case 'words':
        showWords(msg);
        break;
      case 'partial':
        liveOnWords();
        showPartial(msg);
        break;
      case 'speech':
        document.body.dataset.speaking = msg.speaking;
        break;
      case 'session':
        showSessionState(msg.state);
        if (msg.state !== 'STARTED') {
          clearLive();
          notice('— session ' + msg.state.toLowerCase() + (msg.reason ? ': ' + msg.reason : '') + ' —');
        }
        break;
      case 'enhanced':
        setEnhancedAvailable(true);
        if (state.showingEnhanced) { showEnhanced(); } // a retried enhancement replaced it
        break;
      default:
        break; // newer message types are ignored by this page
    }
  }

  function socketUrl() {
    var scheme = location.protocol === 'https:' ? 'wss://' : 'ws://';
    var path = state.config.webSocketPath.replace('{sessionId}', encodeURIComponent(state.session));
    var query = new URLSearchParams();
    if (state.partials) { query.set('partial', 'true'); }
    if (state.lastCursor !== null) { query.set('after', state.lastCursor); }
    if (state.token) { query.set('token', state.token); }
    var q = query.toString();
    return scheme + location.host + path + (q ? '?' + q : '');
  }

  function connect() {
    clearTimeout(state.retryTimer);
    if (!state.session) {
      setStatus('idle', 'no session');
      return;
    }
    setStatus(state.lastCursor !== null ? 'reconnecting' : 'connecting',
      state.lastCursor !== null ? 'reconnecting…' : 'connecting…');
    var ws = new WebSocket(socketUrl());
    state.socket = ws;
    ws.onmessage = onMessage;
    ws.onclose = function (event) {
      if (state.socket !== ws || state.stopped) {
        return;
      }
      if (event.code === 4401 || event.code === 4400) {
        setStatus('refused', (event.code === 4401 ? 'not allowed: ' : 'bad request: ') + event.reason);
        return; // retrying cannot help
      }
      var wait = state.retryMillis;
      state.retryMillis = Math.min(state.retryMillis * 2, 15000);
      setStatus('reconnecting', 'reconnecting in ' + Math.ceil(wait / 1000) + ' s…');
      state.retryTimer = setTimeout(connect, wait);
    };
  }

  function switchSession(session) {
    if (state.socket) {
      var old = state.socket;
      state.socket = null;
      old.close(1000, 'switching session');
    }
    state.session = session;
    state.lastCursor = null;
    state.lastSpeaker = null;
    state.retryMillis = 500;
    state.live = { el: null, words: [], partial: null };
    captions.textContent = '';
    setEnhancedAvailable(false);
    var url = new URL(location.href);
    if (session) { url.searchParams.set('session', session); } else { url.searchParams.delete('session'); }
    history.replaceState(null, '', url);
    connect();
  }

  function loadSessions() {
    fetch('/api/sessions', { headers: authHeaders() })
      .then(function (r) { return r.ok ? r.json() : { sessions: [] }; })
      .then(function (body) {
        var known = {};
        Array.prototype.forEach.call(picker.options, function (o) { known[o.value] = true; });
        body.sessions.forEach(function (s) {
          if (!known[s.sessionId]) {
            var o = document.createElement('option');
            o.value = s.sessionId;
            o.textContent = s.sessionId + (s.language ? ' (' + s.language + ')' : '') + ' — ' + s.state.toLowerCase();
            picker.appendChild(o);
          }
        });
        if (state.session && !known[state.session] && !body.sessions.some(function (s) { return s.sessionId === state.session; })) {
          var o = document.createElement('option');
          o.value = state.session;
          o.textContent = state.session;
          picker.appendChild(o);
        }
        picker.value = state.session;
      })
      .catch(function () { /* the picker stays as it is; the socket shows the connection state */ });
  }

  function toggleFullscreen() {
    if (document.fullscreenElement) {
      document.exitFullscreen();
    } else if (document.documentElement.requestFullscreen) {
      document.documentElement.requestFullscreen();
    }
  }

  document.addEventListener('fullscreenchange', function () {
    document.body.classList.toggle('fullscreen', !!document.fullscreenElement);
    scrollToNewest();
  });
  document.addEventListener('keydown', function (e) {
    if (e.key === 'f' || e.key === 'F') { toggleFullscreen(); }
  });
  document.getElementById('fullscreen').addEventListener('click', toggleFullscreen);
  enhancedToggle.addEventListener('click', function () {
    if (state.showingEnhanced) { showLive(); } else { showEnhanced(); }
  });
  picker.addEventListener('change', function () { switchSession(picker.value); });
  partialToggle.addEventListener('change', function () {
    state.partials = partialToggle.checked;
    var url = new URL(location.href);
    url.searchParams.set('partial', String(state.partials));
    history.replaceState(null, '', url);
    if (state.socket) { state.socket.close(1000, 'changing options'); }
  });
  window.addEventListener('resize', scrollToNewest);

  fetch('/api/config')
    .then(function (r) { return r.json(); })
    .then(function (config) { state.config = config; })
    .catch(function () { /* defaults above */ })
    .then(function () {
      loadSessions();
      setInterval(loadSessions, 10000);
      connect();
    });
})();
