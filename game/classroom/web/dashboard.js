// The teacher's dashboard: create a class, then watch it live over /ws/teacher/{code}.
// Plain JS, no build step. The teacher token stays in this browser (localStorage), never in a URL.
"use strict";

const $ = (id) => document.getElementById(id);
const KEY = (code) => `downhill-class:${code}`;
// Words shown: _(), LANG and numberText come from text.js (loaded first).
// what kind of level each is: a ball on a curve, a network, a classifier of points, the learning-rate lab
const KIND_WORDS = () => ({ curve: _("ball"), network: _("network"), classify: _("classifier"), lab: _("lab") });
const SCORE_WORDS = () => ({ steps: _("fewest steps to clear"), loss: _("lowest final loss"), stars: _("most stars") });
const LIST_MAX = 200;

const state = { info: null, code: null, token: null, session: null, players: new Map(), runs: [], socket: null,
  boardTimer: null, retry: 500, gone: false };

function hashParams() {
  return new URLSearchParams(location.hash.replace(/^#/, ""));
}

function say(text, kind = "") {
  const box = $("status");
  box.textContent = text;
  box.className = `status ${kind}`;
}

async function api(path, options = {}) {
  const headers = Object.assign({ "Content-Type": "application/json", "Accept-Language": LANG }, options.headers || {});
  if (state.token && !headers.Authorization) headers.Authorization = `Bearer ${state.token}`;
  const response = await fetch(path, Object.assign({}, options, { headers }));
  if (!response.ok) {
    let line = `${response.status}`;
    try { line = (await response.json()).error || line; } catch (e) { /* not JSON */ }
    throw new Error(line);
  }
  return response;
}

function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (k === "class") node.className = v; else if (k.startsWith("on")) node.addEventListener(k.slice(2), v);
    else node.setAttribute(k, v);
  }
  for (const child of children) node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  return node;
}

function fmt(value, digits = 4) {
  if (value === null || value === undefined) return "–";
  if (typeof value !== "number") return String(value);
  return numberText(value, digits);
}

function levelTitle(id) {
  const level = state.info && state.info.levels.find((l) => l.id === id);
  return level ? level.title : id;
}

// ---------------------------------------------------------------------------------------------
// Setting up a class
// ---------------------------------------------------------------------------------------------

function showSetup() {
  $("setup").hidden = false;
  $("session").hidden = true;
  const box = $("level-choices");
  box.textContent = "";
  let chapter = null;
  let group = null;
  for (const level of state.info.levels) {
    if (level.chapter !== chapter) {
      chapter = level.chapter;
      group = el("div", { class: "chapter" }, el("div", { class: "chapter-name" }, chapter));
      box.append(group);
    }
    group.append(el("label", { class: "level" },
      el("input", { type: "checkbox", name: "level", value: level.id }),
      el("span", {}, level.title), el("span", { class: "dim small" }, " " + (KIND_WORDS()[level.kind] || level.kind))));
  }
  const first = box.querySelector("input[value=wavy]") || box.querySelector("input");
  if (first) first.checked = true;
  $("admin-box").hidden = !state.info.admin_required;
  const admin = hashParams().get("admin");
  if (admin) localStorage.setItem("downhill-class-admin", admin);
  $("admin-token").value = localStorage.getItem("downhill-class-admin") || "";
  const previous = [];
  for (let i = 0; i < localStorage.length; i++) {
    const key = localStorage.key(i);
    if (key.startsWith("downhill-class:")) previous.push(key.slice("downhill-class:".length));
  }
  $("previous-box").hidden = previous.length === 0;
  $("previous").textContent = "";
  for (const code of previous.sort()) {
    $("previous").append(el("li", {}, el("a", { href: `#code=${code}` }, _("Class {code}", { code: `${code.slice(0, 3)} ${code.slice(3)}` }))));
  }
  say(_("Choose the levels and what counts, then start the class."));
}

async function createClass(event) {
  event.preventDefault();
  $("create-error").textContent = "";
  const levels = [...document.querySelectorAll("input[name=level]:checked")].map((x) => x.value);
  if (!levels.length) { $("create-error").textContent = _("Choose at least one level."); return; }
  const body = { levels, score: document.querySelector("input[name=score]:checked").value,
    leaderboard: document.querySelector("input[name=leaderboard]:checked").value };
  const headers = {};
  if (state.info.admin_required) {
    const admin = $("admin-token").value.trim();
    headers.Authorization = `Bearer ${admin}`;
    localStorage.setItem("downhill-class-admin", admin);
  }
  try {
    state.token = null;
    const made = await (await api("/api/sessions", { method: "POST", body: JSON.stringify(body), headers })).json();
    localStorage.setItem(KEY(made.code), made.teacher_token);
    location.hash = `code=${made.code}`;
  } catch (error) {
    $("create-error").textContent = error.message;
  }
}

// ---------------------------------------------------------------------------------------------
// A running class
// ---------------------------------------------------------------------------------------------

function openSession(code) {
  state.code = code;
  state.token = localStorage.getItem(KEY(code));
  state.gone = false;
  if (!state.token) {
    say(_("This browser has no teacher token for class {code}.", { code }), "bad");
    showSetup();
    return;
  }
  $("setup").hidden = true;
  $("session").hidden = false;
  $("join-code").textContent = `${code.slice(0, 3)} ${code.slice(3)}`;
  $("projector").href = `/projector?lang=${LANG}#code=${code}`;  // the projector in the teacher's language
  connect();
}

function connect() {
  if (state.socket) state.socket.close();
  const socket = new WebSocket(`${location.protocol === "https:" ? "wss" : "ws"}://${location.host}/ws/teacher/${state.code}?lang=${LANG}`);
  state.socket = socket;
  socket.onopen = () => socket.send(JSON.stringify({ type: "teacher", token: state.token }));
  socket.onmessage = (message) => handle(JSON.parse(message.data));
  socket.onclose = () => {
    if (state.socket !== socket || state.gone) return;
    say(_("Connection to the server lost; trying again…"), "bad");
    setTimeout(connect, state.retry);
    state.retry = Math.min(state.retry * 2, 8000);
  };
}

function handle(message) {
  if (message.type === "hello") {
    state.retry = 500;
    state.session = message.session;
    state.players = new Map(message.players.map((p) => [p.id, p]));
    state.runs = message.runs.slice(-LIST_MAX);
    $("join-address").textContent = message.join;
    renderAll(message.leaderboard);
    say(_("Class {code} is live.", { code: state.code }), "good");
  } else if (message.type === "error") {
    say(message.message, "bad");
    if (message.fatal) { state.gone = true; }
  } else if (message.type === "event") {
    event(message);
  }
}

function event(message) {
  switch (message.kind) {
    case "joined": {
      const player = Object.assign(state.players.get(message.player.id) || {}, message.player, { online: true });
      state.players.set(player.id, player);
      renderPlayers();
      break;
    }
    case "left": {
      const player = state.players.get(message.player_id);
      if (player) { player.online = false; renderPlayers(); }
      break;
    }
    case "removed": {
      const player = state.players.get(message.player_id);
      if (player) { player.removed = true; player.online = false; renderPlayers(); }
      refreshBoard();
      break;
    }
    case "run":
      state.runs.push(message.run);
      if (state.runs.length > LIST_MAX) state.runs.shift();
      renderFeed(message.run);
      refreshBoard();
      break;
    case "state":
      state.session = message.session;
      renderSession();
      break;
    case "deleted":
      state.gone = true;
      localStorage.removeItem(KEY(state.code));
      say(_("Class {code} and all its data were deleted.", { code: state.code }), "bad");
      setTimeout(() => { location.hash = ""; }, 1500);
      break;
  }
}

function renderAll(board) {
  renderSession();
  renderPlayers();
  $("feed").textContent = "";
  state.runs.forEach((run) => renderFeed(run));
  if (!state.runs.length) $("feed").append(el("li", { class: "empty dim" }, _("Runs appear here as the server checks them.")));
  renderBoard(board);
}

function renderSession() {
  const s = state.session;
  $("score-mode").textContent = `· ${SCORE_WORDS()[s.score]}`;
  $("lock").textContent = s.locked ? _("Unlock joining") : _("Lock joining");
  $("pause").textContent = s.paused ? _("Resume runs") : _("Pause runs");
  for (const id of ["lock", "pause", "end"]) $(id).disabled = s.ended;
  $("board-mode").value = s.leaderboard;
  $("levels-line").textContent = _("Levels: {levels}", { levels: s.levels.map(levelTitle).join(" · ") });
  const badges = $("badges");
  badges.textContent = "";
  const badge = (text, kind) => badges.append(el("span", { class: `badge ${kind}` }, text));
  if (s.ended) badge(_("Ended"), "bad");
  else {
    badge(s.locked ? _("Joining locked") : _("Joining open"), s.locked ? "warn" : "good");
    badge(s.paused ? _("Runs paused") : _("Taking runs"), s.paused ? "warn" : "good");
  }
  const days = Math.max(0, Math.round((s.expires * 1000 - Date.now()) / 86400000));
  badge(days === 1 ? _("Data kept 1 more day") : _("Data kept {days} more days", { days }), "plain");
}

function renderPlayers() {
  const list = $("players");
  list.textContent = "";
  const players = [...state.players.values()];
  $("player-count").textContent = players.filter((p) => !p.removed).length;
  if (!players.length) list.append(el("li", { class: "dim" }, _("No one yet: the join code and server are on the left.")));
  for (const p of players) {
    const remove = el("button", { type: "button", class: "small-button", title: _("Remove {name}", { name: p.nickname }),
      onclick: () => removePlayer(p) }, _("Remove"));
    if (p.removed) remove.disabled = true;
    list.append(el("li", { class: p.removed ? "removed" : "" },
      el("span", { class: `dot ${p.online ? "on" : ""}`, title: p.online ? _("connected") : _("not connected") }),
      el("span", { class: "name" }, p.nickname), p.removed ? el("span", { class: "dim small" }, " " + _("removed")) : remove));
  }
}

function renderFeed(run) {
  const empty = $("feed").querySelector(".empty");
  if (empty) empty.remove();
  $("run-count").textContent = state.runs.filter((r) => r.accepted).length;
  const params = [`η ${fmt(run.eta)}`];
  if (run.mu !== null && run.mu !== undefined) params.push(`μ ${fmt(run.mu)}`);
  if (run.x0 !== null && run.x0 !== undefined) params.push(`x₀ ${fmt(run.x0)}`);
  const outcome = run.accepted
    ? [run.status, _("{count} steps", { count: run.steps }), "★".repeat(run.stars) + "☆".repeat(3 - run.stars)].join(" · ")
    : _("refused: {reason}", { reason: run.reason });
  const item = el("li", { class: run.accepted ? (run.cleared ? "cleared" : "") : "refused" },
    el("div", { class: "who" }, el("b", {}, run.nickname), ` · ${levelTitle(run.level)}`),
    el("div", { class: "what small" }, `${params.join("  ")}  ${run.optimizer}`),
    el("div", { class: "how small" }, outcome));
  $("feed").prepend(item);
  while ($("feed").children.length > LIST_MAX) $("feed").lastChild.remove();
}

function refreshBoard() {
  if (state.boardTimer) return;
  state.boardTimer = setTimeout(async () => {
    state.boardTimer = null;
    try {
      const board = await (await api(`/api/sessions/${state.code}/leaderboard`)).json();
      renderBoard(board.rows);
    } catch (error) { say(error.message, "bad"); }
  }, 300);
}

function renderBoard(rows) {
  const body = document.querySelector("#leaderboard tbody");
  body.textContent = "";
  const levels = state.session.levels;
  $("board-empty").hidden = rows.some((r) => r.runs > 0);
  const head = document.querySelector("#leaderboard thead tr");
  head.textContent = "";
  for (const name of ["#", _("Nickname"), ...levels.map(levelTitle), _("Score"), _("Runs")]) head.append(el("th", {}, name));
  for (const row of rows) {
    const per = levels.map((id) => el("td", { class: "per" }, id in row.best ? fmt(row.best[id]) : "–"));
    body.append(el("tr", { class: row.rank <= 3 && row.levels > 0 ? `top${row.rank}` : "" },
      el("td", { class: "rank" }, row.rank), el("td", { class: "name" }, row.nickname),
      ...per, el("td", { class: "score" }, fmt(row.score)), el("td", {}, row.runs)));
  }
}

async function control(body) {
  try {
    await api(`/api/sessions/${state.code}/control`, { method: "POST", body: JSON.stringify(body) });
  } catch (error) { say(error.message, "bad"); }
}

function removePlayer(player) {
  if (confirm(_("Remove {name} from this class? They cannot rejoin it.", { name: player.nickname }))) {
    control({ action: "remove", player: player.id });
  }
}

async function downloadCsv() {
  try {
    const blob = await (await api(`/api/sessions/${state.code}/results.csv`)).blob();
    const link = el("a", { href: URL.createObjectURL(blob), download: `downhill-class-${state.code}.csv` });
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(link.href), 10000);
  } catch (error) { say(error.message, "bad"); }
}

async function deleteNow() {
  if (!confirm(_("Delete class {code} and every run in it now? This cannot be undone.", { code: state.code }))) return;
  try {
    await api(`/api/sessions/${state.code}`, { method: "DELETE" });
  } catch (error) { say(error.message, "bad"); }
}

function route() {
  const code = hashParams().get("code");
  if (code && /^\d{6}$/.test(code)) openSession(code);
  else { if (state.socket) { state.gone = true; state.socket.close(); } showSetup(); }
}

async function start() {
  $("create-form").addEventListener("submit", createClass);
  $("lock").addEventListener("click", () => control({ action: state.session.locked ? "unlock" : "lock" }));
  $("pause").addEventListener("click", () => control({ action: state.session.paused ? "resume" : "pause" }));
  $("end").addEventListener("click", () => {
    if (confirm(_("End the class? Students can no longer send runs."))) control({ action: "end" });
  });
  $("board-mode").addEventListener("change", (e) => control({ action: "leaderboard", mode: e.target.value }));
  $("csv").addEventListener("click", downloadCsv);
  $("delete").addEventListener("click", deleteNow);
  window.addEventListener("hashchange", route);
  const chooser = $("lang");
  chooser.value = LANG;
  chooser.addEventListener("change", () => {  // the teacher's choice, kept in this browser
    localStorage.setItem("downhill-class-lang", chooser.value);
    const url = new URL(location.href);
    url.searchParams.set("lang", chooser.value);
    location.href = url.href;
  });
  const kept = localStorage.getItem("downhill-class-lang");
  if (kept && kept !== LANG && !new URL(location.href).searchParams.has("lang")) {
    const url = new URL(location.href);
    url.searchParams.set("lang", kept);
    location.replace(url.href);
    return;
  }
  try {
    await loadText();
    state.info = await (await fetch(`/api/info?lang=${LANG}`)).json();
  } catch (error) {
    say(_("Cannot reach the class server: {error}", { error: error.message }), "bad");
    return;
  }
  route();
}

start();
