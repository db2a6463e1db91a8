/*
 * The launcher's status page: follows GET /api/events (server-sent events named "status", whose
 * data is the JSON of GET /api/status) and acts through the POST endpoints, each with the
 * X-CSRF-Token header from the page's <meta name="csrf-token">. Plain JavaScript, no libraries,
 * nothing from other sites. The page shows the essentials without this script; the script makes it
 * live and adds the buttons.
 */
(function () {
  'use strict';

  document.documentElement.classList.add('js');

  var STATE_LABELS = {
    DOCKER_UNAVAILABLE: 'Docker is not running',
    NEEDS_PROJECT: 'Needs a project folder',
    CHECKING: 'Checking',
    PULLING: 'Downloading',
    STARTING: 'Starting',
    RUNNING: 'Ready',
    STOPPING: 'Stopping',
    STOPPED: 'Stopped',
    ERROR: 'Needs your attention'
  };
  var BUSY_STATES = ['CHECKING', 'PULLING', 'STARTING', 'STOPPING'];

  var token = '';
  var status = null;
  var connected = false;
  var lostConnection = false;
  var quitRequested = false;
  var actionInFlight = false;
  var refreshingToken = false;
  var formDirty = false;
  var source = null;
  var reconnectTimer = null;
  var pullSamples = [];
  var eventCount = 0;

  function $(id) {
    return document.getElementById(id);
  }

  function setText(el, text) {
    if (el.textContent !== text) {
      el.textContent = text;
    }
  }

  function show(el, visible) {
    if (el.hidden === visible) {
      el.hidden = !visible;
    }
  }

  function readToken(doc) {
    var meta = doc.querySelector('meta[name="csrf-token"]');
    return meta ? meta.getAttribute('content') : '';
  }

  // ---- formatting ------------------------------------------------------------------------------

  /** Bytes in decimal units, as download sizes are usually given: "812 MB", "1.3 GB". */
  function formatBytes(n) {
    if (typeof n !== 'number' || !(n >= 0)) {
      return '?';
    }
    var units = ['bytes', 'kB', 'MB', 'GB', 'TB'];
    var i = 0;
    var v = n;
    while (v >= 1000 && i < units.length - 1) {
      v /= 1000;
      i++;
    }
    if (i === 0) {
      return n + (n === 1 ? ' byte' : ' bytes');
    }
    return (v < 10 ? v.toFixed(1) : String(Math.round(v))) + ' ' + units[i];
  }

  function formatDuration(seconds) {
    if (seconds < 10) {
      return 'a few seconds left';
    }
    if (seconds < 60) {
      return 'about ' + Math.ceil(seconds / 5) * 5 + ' seconds left';
    }
    if (seconds < 3600) {
      var minutes = Math.round(seconds / 60);
      return 'about ' + minutes + (minutes === 1 ? ' minute left' : ' minutes left');
    }
    var h = Math.floor(seconds / 3600);
    var m = Math.round((seconds % 3600) / 60);
    return 'about ' + h + ' h ' + m + ' min left';
  }

  function formatTime(iso) {
    var d = new Date(iso);
    if (isNaN(d.getTime())) {
      return iso;
    }
    return d.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
  }

  function shortDigest(digest) {
    if (!digest) {
      return '';
    }
    var colon = digest.indexOf(':');
    return colon < 0 ? digest.slice(0, 12) : digest.slice(0, colon + 1 + 12);
  }

  function percent(pull) {
    return pull && pull.bytesTotal > 0 ? Math.min(100, Math.floor(pull.bytesDone * 100 / pull.bytesTotal)) : 0;
  }

  // ---- what the page says ----------------------------------------------------------------------

  function hasQuit(s) {
    return s.state === 'STOPPED' && /has quit/.test(s.message || '');
  }

  function headline(s) {
    switch (s.state) {
      case 'DOCKER_UNAVAILABLE':
        return 'Docker Desktop is not running';
      case 'NEEDS_PROJECT':
        return 'No project folder yet';
      case 'CHECKING':
        return s.docker && s.docker.available ? 'Checking for the newest version…' : 'Starting: connecting to Docker…';
      case 'PULLING': {
        var what = s.appUrl ? 'Downloading update' : 'Downloading the workflow manager';
        if (s.pull && s.pull.bytesTotal > 0) {
          return what + ' ' + percent(s.pull) + '% (' + formatBytes(s.pull.bytesDone) + ' of ' + formatBytes(s.pull.bytesTotal) + ')';
        }
        return what + '…';
      }
      case 'STARTING':
        // During a switch, one coherent view: from which version to which.
        if (/^(Switching to|Going back to) /.test(s.message || '')) {
          return s.message.split('\n')[0];
        }
        return 'Starting the workflow manager…';
      case 'RUNNING':
        return 'Ready: open the workflow manager';
      case 'STOPPING':
        return 'Stopping the workflow manager…';
      case 'STOPPED':
        return hasQuit(s) ? 'The launcher has quit' : 'The workflow manager is stopped';
      case 'ERROR':
        return 'Something needs your attention';
      default:
        return s.state;
    }
  }

  function advice(s) {
    switch (s.state) {
      case 'DOCKER_UNAVAILABLE':
        return 'Start Docker Desktop (on Windows from the Start menu, on a Mac from Applications) and wait until it says '
          + 'that it is running. The launcher notices by itself and carries on: you do not need to reload this page.';
      case 'NEEDS_PROJECT':
        return 'No project folder yet: choose one below, or start the launcher with --project FOLDER.';
      case 'ERROR':
        if (!(s.container && s.container.id)) {
          return 'The message above says what went wrong and what to do. Then choose Try again.';
        }
        return 'The message above says what went wrong. Then choose Restart. If it happens again, choose '
          + '“Show the last log lines” below and send them, with the message, to the maintainer.';
      case 'STOPPED':
        return hasQuit(s) ? 'Start the launcher again to continue; this page reconnects by itself.'
          : 'Choose Start to run the workflow manager again.';
      default:
        return '';
    }
  }

  /** The estimated time left of a pull, from the rate of the last 15 seconds. */
  function timeLeft(pull) {
    var now = Date.now();
    var last = pullSamples[pullSamples.length - 1];
    if (last && (pull.bytesDone < last.done || pull.bytesTotal !== last.total)) {
      pullSamples = [];
    }
    pullSamples.push({ t: now, done: pull.bytesDone, total: pull.bytesTotal });
    while (pullSamples.length > 2 && now - pullSamples[0].t > 15000) {
      pullSamples.shift();
    }
    if (pull.bytesTotal > 0 && pull.bytesDone >= pull.bytesTotal) {
      return 'unpacking…';
    }
    var first = pullSamples[0];
    var elapsed = (now - first.t) / 1000;
    var rate = elapsed > 0 ? (pull.bytesDone - first.done) / elapsed : 0;
    if (elapsed < 1 || rate <= 0 || !(pull.bytesTotal > 0)) {
      return 'estimating the time left…';
    }
    return formatDuration((pull.bytesTotal - pull.bytesDone) / rate);
  }

  // ---- rendering -------------------------------------------------------------------------------

  function render(s) {
    status = s;
    document.body.setAttribute('data-state', s.state);
    setText($('state'), STATE_LABELS[s.state] || s.state);
    var title = headline(s);
    setText($('headline'), title);
    setText($('message'), s.message || '');
    document.title = title + ' · SIP LIMS launcher';

    var tip = advice(s);
    setText($('advice-text'), tip);
    show($('advice'), tip !== '');

    renderProgress(s);
    renderAppLink(s);
    renderImage(s);
    renderUpdate(s);
    renderChanges(s);
    renderFolders(s);
    renderButtons();
  }

  function renderProgress(s) {
    var pulling = s.state === 'PULLING';
    show($('progress-box'), pulling);
    if (!pulling) {
      pullSamples = [];
      return;
    }
    var bar = $('progress');
    if (s.pull && s.pull.bytesTotal > 0) {
      bar.max = 100;
      bar.value = percent(s.pull);
      setText($('progress-text'), formatBytes(s.pull.bytesDone) + ' of ' + formatBytes(s.pull.bytesTotal)
        + ' downloaded (' + percent(s.pull) + '%), ' + timeLeft(s.pull));
    } else {
      bar.removeAttribute('value'); // an indeterminate bar until the size is known
      setText($('progress-text'), 'Asking for the size of the download…');
    }
  }

  function renderAppLink(s) {
    var link = $('app-link');
    var url = s.appUrl || '';
    if (link.getAttribute('href') !== url) {
      link.setAttribute('href', url);
    }
    setText($('app-url'), url);
    show(link, url !== '');
    show($('app-url'), url !== '');
  }

  function renderImage(s) {
    var img = s.image || {};
    var known = !!img.reference;
    setText($('image-version'), known ? (img.version && img.version !== 'unknown' ? img.version : 'not labelled') : 'not known yet');
    setText($('image-commit'), known && img.commit && img.commit !== 'unknown' ? img.commit.slice(0, 12) : '–');
    setText($('image-built'), known && img.buildDate ? formatTime(img.buildDate) : '–');
    var digest = $('image-digest');
    if (img.digest) {
      setText(digest, shortDigest(img.digest));
      digest.title = img.digest;
    } else {
      setText(digest, known ? 'only on this computer (' + shortDigest(img.reference) + ')' : '–');
      digest.removeAttribute('title');
    }
    setText($('image-platform'), known && img.platform
      ? img.platform + ' (' + (img.runs || (img.emulated ? 'emulated' : 'native')) + ')' : '–');
    show($('emulation-note'), known && !!img.emulated);
    // Whether the maintainer's key signed it: said once, here, not in the messages.
    setText($('image-signature'), !known || !img.signature ? '–'
      : img.signature === 'verified' ? 'verified, signed by key ' + img.verifiedBy : (img.signatureNote || img.signature));
    var docker = s.docker || {};
    setText($('docker-version'), !docker.available ? (s.state === 'DOCKER_UNAVAILABLE' ? 'not answering' : 'not asked yet')
      : (docker.engine || ('running' + (docker.version ? ', version ' + docker.version : ''))) + (docker.host ? ' at ' + docker.host : ''));
  }

  function renderUpdate(s) {
    var u = s.update || {};
    // The offer: prominent, under the headline, only while the app runs (never during a switch).
    var offer = s.state === 'RUNNING' && u.available && u.offer ? u.offer : null;
    var box = $('offer');
    show(box, offer !== null);
    if (offer) {
      var label = offer.version && offer.version !== 'unknown' ? offer.version : shortDigest(offer.digest);
      box.setAttribute('data-kind', offer.kind);
      setText($('offer-text'), offer.headline);
      setText($('update'), offer.kind === 'WITHDRAWN' ? 'Go back to ' + label : 'Update now');
      var restart = 'The workflow manager restarts with ' + label + ': it is unavailable for a minute or so, so save your work '
        + 'in it first. If it does not start properly, the launcher goes back to ' + offer.fromVersion + '.';
      setText($('offer-explain'), offer.kind === 'WITHDRAWN' ? restart
        : 'The new version downloads while this one keeps running. ' + restart);
    }
    var text;
    if (u.available) {
      text = 'A release is offered at the top of this page.';
    } else if (u.refused) {
      text = 'You keep ' + u.refused.runningVersion + ': the older release the server offers was not installed (below).';
    } else if (u.checkedAt && u.remoteDigest && !u.error) {
      text = 'You have the current release (checked ' + formatTime(u.checkedAt) + ').';
    } else if (u.checkedAt) {
      text = 'Could not check for updates (tried ' + formatTime(u.checkedAt) + ').';
    } else {
      text = 'Not checked yet.';
    }
    setText($('update-text'), text);
    setText($('update-error'), u.error || '');
    show($('update-error'), !!u.error);
  }

  /** What the offered update changes (update.changes in /api/status): versions, dates, commits, notes, packages. */
  function renderChanges(s) {
    var c = (s.update || {}).changes;
    show($('update-changes'), !!c);
    if (!c) {
      return;
    }
    var shortCommit = function (x) { return x && x.length > 7 ? x.slice(0, 7) : (x || 'unknown'); };
    var day = function (iso) { return iso ? iso.slice(0, 10) : 'date unknown'; };
    setText($('changes-summary'), 'Version ' + c.fromVersion + ' (' + day(c.fromDate) + ') \u2192 ' + c.toVersion + ' ('
      + day(c.toDate) + '), commits ' + shortCommit(c.fromCommit) + '..' + shortCommit(c.toCommit) + '.');
    setText($('changes-notes'), c.notes || '');
    show($('changes-notes'), !!c.notes);
    var lines = [];
    if (c.packages) {
      c.packages.upgraded.forEach(function (p) { lines.push(p.name + ' ' + p.from + ' \u2192 ' + p.to); });
      c.packages.added.forEach(function (p) { lines.push('added: ' + p.name + ' ' + p.version); });
      c.packages.removed.forEach(function (p) { lines.push('removed: ' + p.name + ' ' + p.version); });
    }
    var list = $('changes-packages');
    if (list.getAttribute('data-lines') !== lines.join('\n')) {
      list.setAttribute('data-lines', lines.join('\n'));
      while (list.firstChild) {
        list.removeChild(list.firstChild);
      }
      lines.forEach(function (line) {
        var item = document.createElement('li');
        item.textContent = line;
        list.appendChild(item);
      });
    }
    var note = !c.packages ? 'The package changes are not known: ' + (c.packagesMissing || 'no software list') + '.'
      : lines.length === 0 ? 'The packages stay the same.'
      : c.packagesVerified ? '' : 'The package lists were not checked against a signature (this launcher has no trusted keys).';
    setText($('changes-note'), note);
    show($('changes-note'), note !== '');
  }

  function renderFolders(s) {
    var active = document.activeElement;
    if (formDirty || (active && active.tagName === 'INPUT' && $('folders-form').contains(active))) {
      return; // never overwrite what the user is typing
    }
    $('project').value = (s.project && s.project.path) || '';
    $('scripts').value = (s.scripts && s.scripts.path) || '';
    $('workflow').value = s.workflow || '';
  }

  function renderButtons() {
    var s = status;
    var usable = connected && !actionInFlight && !refreshingToken && !quitRequested && s !== null;
    var state = s ? s.state : '';
    var hasProject = !!(s && s.project && s.project.path);
    var hasContainer = !!(s && s.container && s.container.id);
    // After a failure with no app to restart, Start and Restart would do the same: one "Try again" is offered.
    var nothingRuns = state === 'ERROR' && !hasContainer;
    $('start').disabled = !(usable && hasProject && (state === 'STOPPED' || (state === 'ERROR' && !nothingRuns)));
    setText($('restart'), nothingRuns ? 'Try again' : 'Restart');
    $('stop').disabled = !(usable && (state === 'RUNNING' || state === 'STARTING' || state === 'PULLING'
      || state === 'CHECKING' || (state === 'ERROR' && hasContainer)));
    $('restart').disabled = !(usable && hasProject && (state === 'RUNNING' || state === 'STARTING' || state === 'ERROR'));
    $('quit').disabled = !usable;
    var offered = !!(s && state === 'RUNNING' && s.update && s.update.available && s.update.offer);
    $('update').disabled = !(usable && offered);
    $('skip-update').disabled = !(usable && offered);
    $('check-updates').disabled = !(usable && hasProject && BUSY_STATES.indexOf(state) < 0 && state !== 'DOCKER_UNAVAILABLE'
      && state !== 'NEEDS_PROJECT');
    $('folders-submit').disabled = !(usable && state !== 'STOPPING');
    $('show-log').disabled = !(connected && s !== null);
  }

  // ---- talking to the launcher -----------------------------------------------------------------

  function refusalText(data, httpStatus) {
    if (data && data.error) {
      return data.hint ? data.error + '\n' + data.hint : data.error;
    }
    return 'The launcher answered with HTTP ' + httpStatus + '.';
  }

  function post(path, body) {
    return fetch(path, {
      method: 'POST',
      headers: { 'X-CSRF-Token': token, 'Content-Type': 'application/json' },
      body: body === undefined ? '' : JSON.stringify(body),
      cache: 'no-store',
      credentials: 'same-origin'
    }).then(function (res) {
      return res.json().then(function (data) {
        return { ok: res.ok, status: res.status, data: data };
      }, function () {
        return { ok: res.ok, status: res.status, data: null };
      });
    });
  }

  function showResult(el, text, ok) {
    el.classList.toggle('is-error', !ok);
    el.classList.toggle('is-ok', ok);
    setText(el, text);
    show(el, text !== '');
  }

  /**
   * Shows the status an action answered with, unless an event came in meanwhile: the answer is
   * the status when the action was accepted, and events that overtook it are newer.
   */
  function renderAnswer(data, eventsBefore) {
    if (data && data.state && eventCount === eventsBefore) {
      render(data);
    }
  }

  function act(path, button) {
    var result = $('action-result');
    var eventsBefore = eventCount;
    showResult(result, '', true);
    actionInFlight = true;
    renderButtons();
    return post(path).then(function (r) {
      if (r.ok) {
        renderAnswer(r.data, eventsBefore);
      } else {
        showResult(result, refusalText(r.data, r.status), false);
      }
      return r;
    }, function (e) {
      showResult(result, 'The launcher did not answer (' + e.message + '). Is it still running?', false);
    }).then(function (r) {
      actionInFlight = false;
      renderButtons();
      if (button && !button.disabled) {
        button.focus();
      }
      return r;
    });
  }

  function quit() {
    if (!window.confirm('Quit the launcher? The workflow manager stops too. Nothing in your project folder is touched.')) {
      return;
    }
    act('/api/quit').then(function (r) {
      if (r && r.ok) {
        quitRequested = true;
        renderButtons();
      }
    });
  }

  var FIELD_INPUTS = { path: 'project', scripts: 'scripts', workflow: 'workflow' };

  function clearFieldErrors() {
    Object.keys(FIELD_INPUTS).forEach(function (field) {
      var id = FIELD_INPUTS[field];
      $(id).removeAttribute('aria-invalid');
      setText($(id + '-error'), '');
      show($(id + '-error'), false);
    });
  }

  function fieldError(field, text) {
    var id = FIELD_INPUTS[field];
    $(id).setAttribute('aria-invalid', 'true');
    setText($(id + '-error'), text);
    show($(id + '-error'), true);
    $(id).focus();
  }

  function submitFolders(event) {
    event.preventDefault();
    var result = $('folders-result');
    clearFieldErrors();
    showResult(result, '', true);
    var project = $('project').value;
    if (project.trim() === '') {
      fieldError('path', 'Give the folder of your project.');
      return;
    }
    var scripts = $('scripts').value;
    var workflow = $('workflow').value;
    var body = {
      path: project,
      scripts: scripts.trim() === '' ? null : scripts,
      workflow: workflow.trim() === '' ? null : workflow
    };
    var eventsBefore = eventCount;
    actionInFlight = true;
    renderButtons();
    post('/api/project', body).then(function (r) {
      if (r.ok) {
        formDirty = false;
        showResult(result, 'Folders saved.', true);
        renderAnswer(r.data, eventsBefore);
      } else if (r.data && r.data.field && FIELD_INPUTS[r.data.field]) {
        fieldError(r.data.field, refusalText(r.data, r.status));
      } else {
        showResult(result, refusalText(r.data, r.status), false);
      }
    }, function (e) {
      showResult(result, 'The launcher did not answer (' + e.message + '). Is it still running?', false);
    }).then(function () {
      actionInFlight = false;
      renderButtons();
    });
  }

  function showLog() {
    var log = $('log');
    var error = $('log-error');
    fetch('/api/logs?tail=200', { cache: 'no-store' }).then(function (res) {
      if (res.ok) {
        return res.text().then(function (text) {
          show(error, false);
          log.textContent = text === '' ? '(The log is empty.)' : text;
          show(log, true);
          setText($('show-log'), 'Refresh the log');
          log.scrollTop = log.scrollHeight; // the newest lines are the ones that matter
        });
      }
      return res.json().then(function (data) {
        showResult(error, refusalText(data, res.status), false);
      }, function () {
        showResult(error, refusalText(null, res.status), false);
      });
    }, function (e) {
      showResult(error, 'The launcher did not answer (' + e.message + ').', false);
    });
  }

  // ---- the folder picker -----------------------------------------------------------------------

  var pickerListing = null;

  /** Shows the folders in a folder (empty: the home folder), each a button; focus goes to the first. */
  function pickerOpen(path) {
    var url = '/api/folders' + (path ? '?path=' + encodeURIComponent(path) : '');
    fetch(url, { cache: 'no-store' }).then(function (res) {
      return res.json().then(function (data) { return { ok: res.ok, status: res.status, data: data }; });
    }).then(function (r) {
      if (!r.ok) {
        if (path && !pickerListing) {
          pickerOpen(''); // a typed path the picker cannot show: start at home instead
          return;
        }
        setText($('picker-note'), refusalText(r.data, r.status));
        return;
      }
      pickerListing = r.data;
      setText($('picker-path'), r.data.path);
      $('picker-up').disabled = !r.data.parent;
      $('picker-choose').disabled = !r.data.usable;
      var places = $('picker-places');
      places.textContent = '';
      r.data.places.forEach(function (p) {
        var b = document.createElement('button');
        b.type = 'button';
        b.className = 'button';
        b.textContent = p.name;
        b.addEventListener('click', function () { pickerOpen(p.path); });
        places.appendChild(b);
      });
      var list = $('picker-list');
      list.textContent = '';
      r.data.folders.forEach(function (f) {
        var li = document.createElement('li');
        var b = document.createElement('button');
        b.type = 'button';
        b.textContent = f.name + (f.usable ? '' : ' (cannot be a project folder)');
        b.setAttribute('data-path', f.path);
        b.addEventListener('click', function () { pickerOpen(f.path); });
        li.appendChild(b);
        list.appendChild(li);
      });
      setText($('picker-note'), r.data.folders.length === 0 ? 'No folders in here.'
        : (r.data.usable ? '' : 'This folder cannot be the project folder: open one inside it.')
          + (r.data.truncated ? ' Only the first folders are shown.' : ''));
      var first = list.querySelector('button');
      (first || $('picker-choose')).focus();
    }, function (e) {
      setText($('picker-note'), 'The launcher did not answer (' + e.message + ').');
    });
  }

  function pickerShow() {
    var dialog = $('picker');
    pickerListing = null;
    if (typeof dialog.showModal === 'function') {
      dialog.showModal(); // Escape closes it
    } else {
      dialog.setAttribute('open', '');
    }
    pickerOpen($('project').value.trim());
  }

  function pickerClose() {
    $('picker').close();
    $('browse-project').focus();
  }

  function pickerChoose() {
    if (pickerListing && pickerListing.usable) {
      $('project').value = pickerListing.path;
      formDirty = true;
      $('project').removeAttribute('aria-invalid');
      show($('project-error'), false);
    }
    pickerClose();
  }

  // ---- the event stream ------------------------------------------------------------------------

  function onConnected() {
    if (connected) {
      return;
    }
    connected = true;
    show($('connection'), false);
    if (lostConnection) {
      // The launcher may have been restarted with a new token: take the one its page carries now
      // (the buttons wait for it).
      refreshingToken = true;
      fetch('/', { cache: 'no-store' }).then(function (res) {
        return res.text();
      }).then(function (html) {
        var fresh = readToken(new DOMParser().parseFromString(html, 'text/html'));
        if (fresh) {
          token = fresh;
        }
      }).catch(function () { /* keep the old one; a refused action says to reload */ }).then(function () {
        refreshingToken = false;
        renderButtons();
      });
      quitRequested = false;
    }
    renderButtons();
  }

  function onLost() {
    if (connected || !lostConnection) {
      connected = false;
      lostConnection = true;
      show($('connection'), true);
      renderOffline();
      renderButtons();
    }
  }

  /** What the page knew is out of date: say so rather than show it as the present. */
  function renderOffline() {
    var quit = quitRequested || (status !== null && hasQuit(status));
    var last = status && !quit ? headline(status) : '';
    document.body.setAttribute('data-state', 'OFFLINE');
    setText($('state'), 'Not connected');
    setText($('headline'), quit ? 'The launcher has quit' : 'The launcher is not answering');
    setText($('message'), last ? 'The last thing it said: ' + last.replace(/[.…]$/, '') + '.' : '');
    setText($('advice-text'), 'Start the launcher again to continue. This page reconnects by itself, and the buttons '
      + 'work again as soon as the launcher answers.');
    show($('advice'), true);
    show($('progress-box'), false);
    show($('app-link'), false);
    show($('app-url'), false);
    document.title = 'Not connected · SIP LIMS launcher';
  }

  function connect() {
    if (reconnectTimer !== null) {
      clearTimeout(reconnectTimer);
      reconnectTimer = null;
    }
    if (source) {
      source.close();
    }
    source = new EventSource('/api/events');
    source.addEventListener('status', function (e) {
      var s;
      try {
        s = JSON.parse(e.data);
      } catch (err) {
        return;
      }
      eventCount++;
      onConnected();
      render(s);
    });
    source.onopen = onConnected;
    source.onerror = function () {
      onLost();
      if (source.readyState === EventSource.CLOSED && reconnectTimer === null) {
        // The browser gave up (an HTTP error rather than a network one): try again ourselves.
        reconnectTimer = setTimeout(connect, 2000);
      }
    };
  }

  function init() {
    token = readToken(document);
    $('start').addEventListener('click', function () { act('/api/start', $('start')); });
    $('stop').addEventListener('click', function () { act('/api/stop', $('stop')); });
    $('restart').addEventListener('click', function () { act('/api/restart', $('restart')); });
    $('update').addEventListener('click', function () { act('/api/update', $('check-updates')); });
    $('skip-update').addEventListener('click', function () { act('/api/update/skip', $('check-updates')); });
    $('check-updates').addEventListener('click', function () { act('/api/update/check', $('check-updates')); });
    $('quit').addEventListener('click', quit);
    $('show-log').addEventListener('click', showLog);
    $('folders-form').addEventListener('submit', submitFolders);
    $('browse-project').addEventListener('click', pickerShow);
    $('picker-up').addEventListener('click', function () { if (pickerListing && pickerListing.parent) { pickerOpen(pickerListing.parent); } });
    $('picker-choose').addEventListener('click', pickerChoose);
    $('picker-cancel').addEventListener('click', pickerClose);
    ['project', 'scripts', 'workflow'].forEach(function (id) {
      $(id).addEventListener('input', function () {
        formDirty = true;
        $(id).removeAttribute('aria-invalid');
        show($(id + '-error'), false);
      });
    });
    connect();
  }

  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', init);
  } else {
    init();
  }
}());
