/*
 * Graph explorer: search a user or media id, draw its neighbourhood (GraphQL `neighbourhood`) with
 * sigma.js over graphology, click a node to expand it (its neighbourhood is fetched and merged), and
 * read the side panel: a user's recommendations with reasons, friend suggestions and taste profile,
 * or a media item's similar media. A search draws one hop by default (two hops of a LastFM user is a
 * few hundred nodes; the hops control offers 2 and 3). Each reason lists its evidence ids (the friends,
 * the engaged items behind it): clicking one navigates the explorer to that user or media item.
 * The URL carries the search (?user=ID | ?media=ID | ?id=ID, and &hops=N): loading such a URL fills
 * the controls and draws it; a new search pushes a history entry, a change of hops or type replaces it,
 * and Back/Forward redraw. An unknown id clears the canvas and says so. The API key is never in the URL. Node size follows PageRank (normalised per node type), colour the
 * Louvain community. Layout: rings by hop distance, then a short Fruchterman–Reingold relaxation
 * (Fruchterman & Reingold 1991: repulsion k²/d between all pairs, attraction d²/k along edges, moves
 * capped by a cooling temperature). Plain script, no build: graphology and sigma are UMD globals.
 * window.__explorer exposes the graph and actions for tests.
 */
(function () {
  'use strict';

  var KEY_STORE = 'explorer.apiKey';
  var EXPAND_LIMIT = 60;
  var SEARCH_LIMIT = 300;
  var PALETTE = ['#2563eb', '#dc2626', '#16a34a', '#9333ea', '#ea580c', '#0891b2', '#c026d3', '#65a30d', '#0d9488', '#b45309', '#4f46e5', '#be123c'];

  var NEIGHBOURHOOD = 'query Neighbourhood($id: ID!, $type: GraphNodeType, $depth: Int, $limit: Int) {' +
    ' neighbourhood(id: $id, type: $type, depth: $depth, limit: $limit) {' +
    ' truncated nodes { id type label size community depth } edges { source target type weight } } }';
  var USER_PANEL = 'query UserPanel($u: ID!) {' +
    ' recommendMedia(userId: $u, first: 10) { edges { node { score media { id title kind } reasons { kind label weight evidence } } } }' +
    ' suggestFriends(userId: $u, first: 8) { edges { node { score mutualFriends user { id name } reasons { kind label weight evidence } } } }' +
    ' tasteProfile(userId: $u) { engagedMedia topTags { tag weight } kinds { kind items share } activityByHour peakHour } }';
  var MEDIA_PANEL = 'query MediaPanel($m: ID!) {' +
    ' similarMedia(mediaId: $m, first: 10) { edges { node { score media { id title kind } reasons { kind label weight evidence } } } } }';

  var $ = function (id) { return document.getElementById(id); };
  var graph = new graphology.Graph({ type: 'directed', multi: false, allowSelfLoops: false });
  var renderer = null;
  var state = { selected: null, busy: 0, expanded: {}, lastError: null, panelFor: null, center: null, notFound: null };
  var DEFAULT_HOPS = 1;
  var MAX_HOPS = 3;

  // ---- GraphQL -----------------------------------------------------------------------------
  function apiKey() {
    try { return localStorage.getItem(KEY_STORE) || ''; } catch (e) { return ''; }
  }

  function gql(query, variables) {
    var headers = { 'content-type': 'application/json' };
    var key = apiKey();
    if (key) headers['x-api-key'] = key;
    return fetch('/graphql', { method: 'POST', headers: headers, body: JSON.stringify({ query: query, variables: variables }) })
      .then(function (res) {
        return res.json().catch(function () { throw new Error('HTTP ' + res.status + ' from /graphql'); }).then(function (body) {
          var errors = body.errors || [];
          var code = errors[0] && errors[0].extensions && errors[0].extensions.code;
          if (res.status === 401 || res.status === 403 || code === 'UNAUTHENTICATED' || code === 'FORBIDDEN') {
            $('key-box').open = true;
            throw new Error('This needs an API key with the analyst role (set it under "API key").');
          }
          if (!body.data) {
            var err = new Error(errors[0] ? errors[0].message : 'HTTP ' + res.status);
            err.code = code || null;
            throw err;
          }
          return { data: body.data, errors: errors };
        });
      });
  }

  // ---- status ------------------------------------------------------------------------------
  function status(text, isError) {
    var el = $('status');
    el.textContent = text;
    el.className = isError ? 'error' : '';
    if (isError) state.lastError = text;
  }

  /** The prominent message over the canvas (unknown id, failed search); null hides it. */
  function notice(title, detail) {
    var box = $('notice');
    box.textContent = '';
    if (!title) { box.hidden = true; return; }
    box.appendChild(el('strong', { text: title }));
    if (detail) box.appendChild(el('span', { text: detail }));
    box.hidden = false;
  }

  function updateCounts() {
    $('node-count').textContent = String(graph.order);
    $('node-count').dataset.count = String(graph.order);
    $('edge-count').textContent = String(graph.size);
    $('edge-count').dataset.count = String(graph.size);
  }

  // ---- graph building ----------------------------------------------------------------------
  function nodeKey(type, id) { return (type === 'USER' ? 'u:' : 'm:') + id; }

  function hash(s) {
    var h = 2166136261;
    for (var i = 0; i < s.length; i++) { h ^= s.charCodeAt(i); h = Math.imul(h, 16777619); }
    return (h >>> 0) / 4294967296;
  }

  function shade(hex, amount) {
    var n = parseInt(hex.slice(1), 16);
    var mix = function (c) { return Math.round(c + (255 - c) * amount); };
    var r = mix((n >> 16) & 255), g = mix((n >> 8) & 255), b = mix(n & 255);
    return '#' + ((1 << 24) | (r << 16) | (g << 8) | b).toString(16).slice(1);
  }

  function colour(type, community) {
    if (community === null || community === undefined) return type === 'USER' ? '#64748b' : '#cbd5e1';
    var base = PALETTE[(type === 'USER' ? community : community + 5) % PALETTE.length];
    return type === 'USER' ? base : shade(base, 0.45);
  }

  /** Node sizes: 4–18 px by sqrt of PageRank relative to the largest of the same type on screen. */
  function resize() {
    var max = { USER: 0, MEDIA: 0 };
    graph.forEachNode(function (_, a) { max[a.nodeType] = Math.max(max[a.nodeType], a.pagerank); });
    graph.forEachNode(function (k, a) {
      var m = max[a.nodeType];
      graph.setNodeAttribute(k, 'size', 4 + 14 * (m > 0 ? Math.sqrt(a.pagerank / m) : 0.3));
    });
  }

  /** Adds the nodes and edges of a neighbourhood; new nodes start on rings around `origin`. */
  function merge(result, originKey) {
    var origin = originKey && graph.hasNode(originKey) ? graph.getNodeAttributes(originKey) : { x: 0, y: 0 };
    var fresh = result.nodes.filter(function (n) { return !graph.hasNode(nodeKey(n.type, n.id)); });
    fresh.sort(function (a, b) { return (a.depth || 0) - (b.depth || 0) || (a.community || 0) - (b.community || 0) || (a.id < b.id ? -1 : 1); });
    var perRing = {};
    fresh.forEach(function (n) { perRing[n.depth || 0] = (perRing[n.depth || 0] || 0) + 1; });
    var seen = {};
    fresh.forEach(function (n) {
      var d = n.depth || 0;
      var i = seen[d] = (seen[d] || 0) + 1;
      var angle = (2 * Math.PI * i) / perRing[d] + hash(n.id) * 0.3;
      var radius = d === 0 ? 0 : (originKey ? 0.6 : 1) * d * (1 + 0.15 * hash(n.type + n.id));
      var k = nodeKey(n.type, n.id);
      graph.addNode(k, {
        x: origin.x + radius * Math.cos(angle),
        y: origin.y + radius * Math.sin(angle),
        label: n.label,
        id: n.id,
        nodeType: n.type,
        pagerank: n.size,
        community: n.community,
        color: colour(n.type, n.community),
        size: 6,
      });
    });
    var added = 0;
    result.edges.forEach(function (e) {
      var s = nodeKey('USER', e.source);
      var t = nodeKey(e.type === 'FOLLOWS' ? 'USER' : 'MEDIA', e.target);
      if (!graph.hasNode(s) || !graph.hasNode(t) || graph.hasEdge(s, t)) return;
      graph.addEdge(s, t, {
        type: e.type === 'FOLLOWS' ? 'arrow' : 'line',
        edgeType: e.type,
        weight: e.weight,
        size: e.type === 'FOLLOWS' ? 1.5 : 1 + Math.min(2, Math.log1p(Math.max(0, e.weight)) / 3),
        color: e.type === 'FOLLOWS' ? '#94a3b8' : '#e2e8f0',
      });
      added++;
    });
    resize();
    relax(fresh.length > 0 && originKey ? originKey : null);
    updateCounts();
    return { nodes: fresh.length, edges: added };
  }

  /** Fruchterman–Reingold relaxation; the expanded node stays put so the view does not jump. */
  function relax(pinnedKey) {
    var keys = graph.nodes();
    var n = keys.length;
    if (n < 2) return;
    var index = {};
    var xs = new Float64Array(n), ys = new Float64Array(n);
    keys.forEach(function (k, i) { index[k] = i; xs[i] = graph.getNodeAttribute(k, 'x'); ys[i] = graph.getNodeAttribute(k, 'y'); });
    var edges = graph.mapEdges(function (_, __, s, t) { return [index[s], index[t]]; });
    var pinned = pinnedKey ? index[pinnedKey] : -1;
    var k = 0.5;
    var iterations = Math.max(15, Math.min(150, Math.floor(3e6 / (n * n))));
    var temp = 0.3 * Math.sqrt(n) * k;
    var dx = new Float64Array(n), dy = new Float64Array(n);
    for (var it = 0; it < iterations; it++) {
      dx.fill(0); dy.fill(0);
      for (var i = 0; i < n; i++) {
        for (var j = i + 1; j < n; j++) {
          var vx = xs[i] - xs[j], vy = ys[i] - ys[j];
          var d2 = Math.max(vx * vx + vy * vy, 1e-4);
          var f = (k * k) / d2;
          dx[i] += vx * f; dy[i] += vy * f; dx[j] -= vx * f; dy[j] -= vy * f;
        }
      }
      edges.forEach(function (e) {
        var vx = xs[e[0]] - xs[e[1]], vy = ys[e[0]] - ys[e[1]];
        var d = Math.sqrt(vx * vx + vy * vy) || 1e-3;
        var f = d / k;
        dx[e[0]] -= vx * f; dy[e[0]] -= vy * f; dx[e[1]] += vx * f; dy[e[1]] += vy * f;
      });
      for (var m = 0; m < n; m++) {
        if (m === pinned) continue;
        var len = Math.sqrt(dx[m] * dx[m] + dy[m] * dy[m]) || 1;
        var step = Math.min(len, temp);
        // A weak pull to the centre keeps disconnected pieces on screen.
        xs[m] += (dx[m] / len) * step - xs[m] * 0.01;
        ys[m] += (dy[m] / len) * step - ys[m] * 0.01;
      }
      temp *= 0.95;
    }
    keys.forEach(function (key, i) { graph.mergeNodeAttributes(key, { x: xs[i], y: ys[i] }); });
  }

  // ---- rendering ---------------------------------------------------------------------------
  function ensureRenderer() {
    if (renderer) return renderer;
    renderer = new window.Sigma(graph, $('graph'), {
      defaultEdgeType: 'line',
      stagePadding: 60,
      renderEdgeLabels: false,
      labelRenderedSizeThreshold: 9,
      labelDensity: 0.6,
      labelFont: 'system-ui, sans-serif',
      zIndex: true,
      nodeReducer: function (key, attrs) {
        if (key !== state.selected) return attrs;
        return Object.assign({}, attrs, { highlighted: true, forceLabel: true, zIndex: 2 });
      },
    });
    renderer.on('clickNode', function (e) { onNodeClick(e.node); });
    renderer.on('enterNode', function () { $('graph').style.cursor = 'pointer'; });
    renderer.on('leaveNode', function () { $('graph').style.cursor = ''; });
    return renderer;
  }

  function refresh() {
    ensureRenderer().refresh();
  }

  // ---- actions -----------------------------------------------------------------------------
  function busy(delta) {
    state.busy += delta;
    document.body.dataset.busy = state.busy > 0 ? 'true' : 'false';
  }

  function clampHops(h) {
    var n = parseInt(h, 10);
    return n >= 1 && n <= MAX_HOPS ? n : DEFAULT_HOPS;
  }

  function clearPanel() {
    state.selected = null;
    state.panelFor = null;
    $('selection').textContent = '';
    $('selection').appendChild(el('p', { class: 'muted', text: 'Nothing selected.' }));
    ['taste', 'recs', 'friends'].forEach(function (s) { $(s).hidden = true; });
  }

  function typeWords(type) {
    return type === 'USER' ? 'user' : type === 'MEDIA' ? 'media item' : 'user or media item';
  }

  /** New search: clears the graph and draws the neighbourhood of `id`. */
  function search(id, type, depth) {
    id = String(id || '').trim();
    if (!id) return Promise.resolve(null);
    var hops = clampHops(depth);
    type = type === 'USER' || type === 'MEDIA' ? type : null;
    busy(1);
    notice(null);
    state.notFound = null;
    status('Loading ' + id + ' (' + hops + (hops === 1 ? ' hop' : ' hops') + ')…');
    return gql(NEIGHBOURHOOD, { id: id, type: type, depth: hops, limit: SEARCH_LIMIT })
      .then(function (r) {
        graph.clear();
        state.expanded = {};
        state.selected = null;
        state.center = { id: id, type: type, hops: hops };
        var result = r.data.neighbourhood;
        merge(result, null);
        var start = result.nodes.find(function (n) { return n.depth === 0; });
        var startKey = start ? nodeKey(start.type, start.id) : null;
        if (startKey) state.expanded[startKey] = true;
        refresh();
        if (renderer) renderer.getCamera().animatedReset({ duration: 0 });
        status(graph.order + ' nodes within ' + hops + (hops === 1 ? ' hop' : ' hops') + ' of ' + id + (result.truncated ? ' (capped at ' + SEARCH_LIMIT + ', strongest ties kept)' : '') + '. Click a node to expand it.');
        if (startKey) return select(startKey).then(function () { return startKey; });
        return startKey;
      })
      .catch(function (e) {
        if (e.code === 'NOT_FOUND') {
          // Clear what was drawn: an old graph under a "not found" would read as its answer.
          graph.clear();
          state.expanded = {};
          state.center = null;
          state.notFound = { id: id, type: type };
          clearPanel();
          updateCounts();
          if (renderer) renderer.refresh();
          status('');
          notice('No ' + typeWords(type) + ' with id "' + id + '".',
            'Ids match exactly (case matters)' + (type ? '; try the type "any" if it is a ' + (type === 'USER' ? 'media item' : 'user') : '') +
            '. An id written a moment ago appears after the next snapshot reload (about a second).');
          state.lastError = 'NOT_FOUND ' + id;
        } else {
          status(e.message, true);
          if (graph.order === 0) notice('Could not draw ' + id + '.', e.message);
        }
        return null;
      })
      .then(function (v) { busy(-1); return v; });
  }

  // ---- URL <-> controls ----------------------------------------------------------------------
  /** The controls' search as a query string: ?user=ID | ?media=ID | ?id=ID (type any), and hops. */
  function controlsQuery() {
    var id = $('search').value.trim();
    if (!id) return '';
    var type = $('search-type').value;
    var p = new URLSearchParams();
    p.set(type === 'USER' ? 'user' : type === 'MEDIA' ? 'media' : 'id', id);
    p.set('hops', String(clampHops($('hops').value)));
    return '?' + p.toString();
  }

  /** Puts the controls into the URL: push makes a history entry (a new place), else replace. */
  function syncUrl(push) {
    var q = controlsQuery();
    if (q === location.search) return;
    var url = location.pathname + q + location.hash;
    try {
      if (push) history.pushState(null, '', url); else history.replaceState(null, '', url);
    } catch (e) { /* a sandboxed frame may refuse; the page still works */ }
  }

  /** Reads ?user= / ?media= / ?id=&type= and ?hops= (older links: ?depth=) into the controls. */
  function urlToControls() {
    var p = new URLSearchParams(location.search);
    var id = p.get('user'), type = 'USER';
    if (!id) { id = p.get('media'); type = 'MEDIA'; }
    if (!id) { id = p.get('id'); type = String(p.get('type') || '').toUpperCase(); }
    if (type !== 'USER' && type !== 'MEDIA') type = '';
    $('search').value = id || '';
    $('search-type').value = type;
    $('hops').value = String(clampHops(p.get('hops') || p.get('depth')));
    return id || null;
  }

  /** Draws what the controls say; push: record it as a new history entry. */
  function searchFromControls(push) {
    syncUrl(push);
    return search($('search').value, $('search-type').value, $('hops').value);
  }

  /** Goes to a user or media item (an evidence id, a listed item): new centre, same hops, new history entry. */
  function navigate(type, id) {
    $('search').value = id;
    $('search-type').value = type || '';
    return searchFromControls(true);
  }

  /** Draws what the URL says (page load, Back/Forward). */
  function fromUrl() {
    var id = urlToControls();
    if (!id) return Promise.resolve(null);
    syncUrl(false); // normalises older forms (?id=X&type=USER&depth=2 → ?user=X&hops=2)
    return search($('search').value, $('search-type').value, $('hops').value);
  }

  /** Fetches the neighbourhood of a drawn node and merges it; resolves to the numbers added. */
  function expand(key) {
    if (!graph.hasNode(key)) return Promise.resolve({ nodes: 0, edges: 0 });
    var a = graph.getNodeAttributes(key);
    busy(1);
    status('Expanding ' + a.label + '…');
    return gql(NEIGHBOURHOOD, { id: a.id, type: a.nodeType, depth: 1, limit: EXPAND_LIMIT })
      .then(function (r) {
        state.expanded[key] = true;
        var added = merge(r.data.neighbourhood, key);
        refresh();
        selectionStats(key);
        status(added.nodes > 0 ? 'Added ' + added.nodes + ' nodes and ' + added.edges + ' edges around ' + a.label + '.' : a.label + ' has no neighbours that are not drawn yet.');
        return added;
      })
      .catch(function (e) { status(e.message, true); return { nodes: 0, edges: 0 }; })
      .then(function (v) { busy(-1); return v; });
  }

  function onNodeClick(key) {
    select(key);
    if (!state.expanded[key]) expand(key);
  }

  // ---- side panel --------------------------------------------------------------------------
  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) {
      if (k === 'text') node.textContent = attrs[k];
      else if (k === 'onclick') node.addEventListener('click', attrs[k]);
      else node.setAttribute(k, attrs[k]);
    });
    (children || []).forEach(function (c) { if (c) node.appendChild(c); });
    return node;
  }

  function nodeLink(type, id, text) {
    return el('a', {
      class: 'node-link', href: '#', text: text || id, 'data-id': id,
      onclick: function (ev) {
        ev.preventDefault();
        var k = nodeKey(type, id);
        if (graph.hasNode(k)) onNodeClick(k);
        else navigate(type, id);
      },
    });
  }

  /**
   * What an evidence entry of a reason kind names: friends behind SOCIAL / MUTUAL_FRIENDS are users;
   * the engaged (or source) item behind CO_ENGAGEMENT / CONTENT / GRAPH is a media item. Other entries
   * (similarity:0.41, hour:21, AUDIO, query words, publishedAt:…) are facts, shown as text.
   */
  var EVIDENCE_TYPE = { SOCIAL: 'USER', MUTUAL_FRIENDS: 'USER', CO_ENGAGEMENT: 'MEDIA', CONTENT: 'MEDIA', GRAPH: 'MEDIA' };
  var FACT = /^(similarity|hour|weekday|device|publishedAt):/;

  function evidenceLink(type, id) {
    return el('a', {
      class: 'evidence-link ' + type.toLowerCase(), href: '?' + (type === 'USER' ? 'user' : 'media') + '=' + encodeURIComponent(id) + '&hops=' + clampHops($('hops').value),
      text: id, title: 'Explore ' + (type === 'USER' ? 'user ' : 'media ') + id, 'data-evidence-id': id, 'data-evidence-type': type,
      onclick: function (ev) {
        if (ev.button !== 0 || ev.metaKey || ev.ctrlKey || ev.shiftKey || ev.altKey) return; // new tab: the href
        ev.preventDefault();
        navigate(type, id);
      },
    });
  }

  /** Each reason: its label and share of the score, then its evidence (ids as links, facts as text). */
  function reasonChips(reasons) {
    return el('div', { class: 'reasons' }, (reasons || []).slice(0, 4).map(function (r) {
      var share = Math.round((r.weight || 0) * 100);
      var row = el('div', { class: 'reason-row', 'data-kind': r.kind }, [
        el('span', { class: 'reason', title: r.kind + ', ' + share + '% of the score' }, [document.createTextNode(r.label + ' '), el('span', { class: 'share', text: share + '%' })]),
      ]);
      var type = EVIDENCE_TYPE[r.kind];
      var facts = [];
      (r.evidence || []).forEach(function (e) {
        if (type && !FACT.test(e)) row.appendChild(evidenceLink(type, e));
        else facts.push(e);
      });
      if (facts.length) row.appendChild(el('span', { class: 'evidence', text: facts.join(' · ') }));
      return row;
    }));
  }

  function mediaList(listId, edges) {
    var list = $(listId);
    list.textContent = '';
    if (!edges || edges.length === 0) list.appendChild(el('li', { class: 'muted', text: 'none' }));
    (edges || []).forEach(function (e) {
      var m = e.node.media;
      list.appendChild(el('li', {}, [nodeLink('MEDIA', m.id, m.title), el('span', { class: 'kv', text: ' ' + m.kind.toLowerCase() + ' · ' + e.node.score.toFixed(3) }), reasonChips(e.node.reasons)]));
    });
  }

  function renderTaste(t) {
    var body = $('taste-body');
    body.textContent = '';
    if (!t) { $('taste').hidden = true; return; }
    $('taste').hidden = false;
    body.appendChild(el('div', { class: 'kv', text: t.engagedMedia + ' media · ' + t.kinds.map(function (k) { return k.kind.toLowerCase() + ' ' + Math.round(k.share * 100) + '%'; }).join(' · ') }));
    body.appendChild(el('div', { class: 'tags' }, t.topTags.slice(0, 8).map(function (g) { return el('span', { class: 'reason', text: g.tag + ' ' + Math.round(g.weight * 100) + '%' }); })));
    var max = Math.max.apply(null, t.activityByHour.concat([1]));
    var bar = el('div', { class: 'bar', title: 'activity by local hour 0–23' + (t.peakHour === null ? '' : ', peak ' + t.peakHour + 'h') });
    t.activityByHour.forEach(function (n, h) {
      var s = el('span', { title: h + 'h: ' + n });
      s.style.height = Math.round((100 * n) / max) + '%';
      bar.appendChild(s);
    });
    body.appendChild(bar);
  }

  function selectionStats(key) {
    var box = $('sel-stats');
    if (!box || state.selected !== key || !graph.hasNode(key)) return;
    var a = graph.getNodeAttributes(key);
    box.textContent = 'PageRank ' + a.pagerank.toExponential(2) + ' · community ' + (a.community === null ? '–' : a.community) + ' · ' + graph.degree(key) + ' edges drawn';
  }

  function select(key) {
    state.selected = key;
    if (renderer) renderer.refresh();
    var a = graph.getNodeAttributes(key);
    var sel = $('selection');
    sel.textContent = '';
    sel.appendChild(el('h2', { text: a.label }));
    sel.appendChild(el('div', { class: 'kv', text: (a.nodeType === 'USER' ? 'user ' : 'media ') + a.id }));
    sel.appendChild(el('div', { class: 'kv', id: 'sel-stats' }));
    selectionStats(key);
    ['taste', 'recs', 'friends'].forEach(function (s) { $(s).hidden = true; });
    state.panelFor = key;
    busy(1);
    var isUser = a.nodeType === 'USER';
    var work = gql(isUser ? USER_PANEL : MEDIA_PANEL, isUser ? { u: a.id } : { m: a.id }).then(function (r) {
      if (state.panelFor !== key) return;
      var d = r.data;
      $('recs-title').textContent = isUser ? 'Recommended media' : 'Similar media';
      $('recs').hidden = false;
      mediaList('recs-list', isUser ? d.recommendMedia && d.recommendMedia.edges : d.similarMedia && d.similarMedia.edges);
      if (isUser) {
        renderTaste(d.tasteProfile);
        $('friends').hidden = false;
        var list = $('friends-list');
        list.textContent = '';
        var edges = (d.suggestFriends && d.suggestFriends.edges) || [];
        if (edges.length === 0) list.appendChild(el('li', { class: 'muted', text: 'none' }));
        edges.forEach(function (e) {
          var u = e.node.user;
          list.appendChild(el('li', {}, [nodeLink('USER', u.id, u.name || u.id), el('span', { class: 'kv', text: ' ' + e.node.mutualFriends + ' mutual · ' + e.node.score.toFixed(3) }), reasonChips(e.node.reasons)]));
        });
      }
      if (r.errors.length) status('Part of the panel failed: ' + r.errors[0].message, true);
    }).catch(function (e) { status(e.message, true); });
    return work.then(function () { busy(-1); });
  }

  // ---- wiring ------------------------------------------------------------------------------
  $('search-form').addEventListener('submit', function (ev) {
    ev.preventDefault();
    searchFromControls(true);
  });
  // Hops and type take effect at once on what is drawn; the URL follows without a new history entry.
  ['hops', 'search-type'].forEach(function (c) {
    $(c).addEventListener('change', function () {
      if ($('search').value.trim()) searchFromControls(false);
    });
  });
  window.addEventListener('popstate', function () { fromUrl(); });
  $('api-key').value = apiKey();
  $('save-key').addEventListener('click', function () {
    try {
      var v = $('api-key').value.trim();
      if (v) localStorage.setItem(KEY_STORE, v); else localStorage.removeItem(KEY_STORE);
      status(v ? 'API key saved in this browser.' : 'API key removed.');
    } catch (e) { status('Could not store the key: ' + e.message, true); return; }
    // A search the key was missing for (a shared link opened before the key was set) runs now.
    if (v && $('search').value.trim() && graph.order === 0) searchFromControls(false);
  });
  fromUrl();

  window.__explorer = {
    graph: graph,
    state: state,
    get renderer() { return renderer; },
    search: search,
    navigate: navigate,
    expand: expand,
    select: select,
    nodeKey: nodeKey,
    /** Viewport position (CSS px inside #graph) of a drawn node, for clicking it. */
    viewportPosition: function (key) {
      if (!renderer || !graph.hasNode(key)) return null;
      var a = graph.getNodeAttributes(key);
      return renderer.graphToViewport({ x: a.x, y: a.y });
    },
  };
})();
