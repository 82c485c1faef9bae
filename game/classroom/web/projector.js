// The projector view: every verified run of the class, raced together from the same start on the
// level's curve (ball levels) or down its loss trace (network levels). Data: /api/sessions/{code}/race.
"use strict";

const $ = (id) => document.getElementById(id);
// Words shown: _(), LANG and numberText come from text.js (loaded first; the dashboard's link
// passes ?lang=).
const params = new URLSearchParams(location.hash.replace(/^#/, ""));
const code = params.get("code") || "";
const token = localStorage.getItem(`downhill-class:${code}`);
const RACE_SECONDS = 8;  // the slowest run reaches its end in about this long
const HOLD_SECONDS = 3;  // then everyone rests this long before the race starts again
const LABELS_UP_TO = 14; // more balls than this: only the leaders are named

const view = { session: null, level: null, race: null, board: [], start: performance.now(), stepsPerSecond: 30,
  maxSteps: 1, pending: null, fetching: false, titles: new Map() };

function hue(id) { return (id * 137.508) % 360; }

async function api(path) {
  const response = await fetch(path, { headers: { Authorization: `Bearer ${token}` } });
  if (!response.ok) throw new Error((await response.json().catch(() => ({}))).error || response.status);
  return response.json();
}

function setLevel(id) {
  view.level = id;
  for (const button of $("tabs").children) button.classList.toggle("on", button.dataset.level === id);
  loadRace(true);
}

async function loadRace(restart) {
  if (view.fetching) { view.pending = restart || view.pending; return; }
  view.fetching = true;
  try {
    const race = await api(`/api/sessions/${code}/race?level=${encodeURIComponent(view.level)}`);
    const fresh = restart || !view.race || view.race.level.id !== race.level.id;
    view.race = race;
    view.maxSteps = Math.max(1, ...race.runs.map((r) => r.steps));
    view.stepsPerSecond = Math.max(20, view.maxSteps / RACE_SECONDS);
    if (fresh) view.start = performance.now();
    const title = view.titles.get(race.level.id) || race.level.title;  // translated (/api/info?lang=)
    $("title").innerHTML = "";
    $("title").append(title, " ");
    const small = document.createElement("span");
    small.className = "dim";
    small.textContent = "· " + _("verified runs: {count}", { count: numberText(race.runs.length) });
    $("title").append(small);
  } catch (error) {
    $("title").textContent = _("Cannot load the race: {error}", { error: error.message });
  } finally {
    view.fetching = false;
    if (view.pending !== null) { const again = view.pending; view.pending = null; loadRace(again); }
  }
}

async function loadBoard() {
  try {
    const board = await api(`/api/sessions/${code}/leaderboard`);
    view.board = board.rows;
    renderBoard();
  } catch (error) { /* shown by the race title */ }
}

function renderBoard() {
  const s = view.session;
  const shown = s && (s.leaderboard === "live" || (s.leaderboard === "end" && s.ended));
  $("rows").textContent = "";
  $("board-note").textContent = "";
  if (!shown) {
    $("board-note").textContent = s && s.leaderboard === "end" ? _("The leaderboard appears when the class ends.") : _("The leaderboard is hidden.");
    return;
  }
  const rows = view.board.filter((r) => r.levels > 0).slice(0, 10);
  if (!rows.length) $("board-note").textContent = _("No one has cleared a level yet.");
  for (const row of rows) {
    const li = document.createElement("li");
    const rank = Object.assign(document.createElement("span"), { className: "r", textContent: row.rank });
    const name = Object.assign(document.createElement("span"), { className: "n", textContent: row.nickname });
    const score = Object.assign(document.createElement("span"), { className: "s",
      textContent: typeof row.score === "number" ? numberText(row.score) : row.score });
    name.style.color = `hsl(${hue(row.player_id)}, 85%, 72%)`;
    li.append(rank, name, score);
    $("rows").append(li);
  }
}

function connect() {
  const socket = new WebSocket(`${location.protocol === "https:" ? "wss" : "ws"}://${location.host}/ws/teacher/${code}?lang=${LANG}`);
  socket.onopen = () => socket.send(JSON.stringify({ type: "teacher", token }));
  socket.onmessage = (message) => {
    const data = JSON.parse(message.data);
    if (data.type === "hello") {
      view.session = data.session;
      view.board = data.leaderboard;
      $("code").textContent = `${code.slice(0, 3)} ${code.slice(3)}`;
      $("tabs").textContent = "";
      for (const id of data.session.levels) {
        const button = document.createElement("button");
        button.dataset.level = id;
        button.textContent = view.titles.get(id) || id;
        button.onclick = () => setLevel(id);
        $("tabs").append(button);
      }
      $("tabs").hidden = data.session.levels.length < 2;
      // start on the level the class played last
      const last = data.runs.filter((r) => r.accepted).pop();
      const chosen = view.level && data.session.levels.includes(view.level) ? view.level
        : (last ? last.level : data.session.levels[0]);
      setLevel(chosen);
      renderBoard();
    } else if (data.type === "event") {
      if (data.kind === "run" && data.run.accepted) {
        if (data.run.level === view.level) loadRace(false);
        loadBoard();
      } else if (data.kind === "state") {
        view.session = data.session;
        renderBoard();
      } else if (data.kind === "removed") {
        loadRace(false);
        loadBoard();
      }
    } else if (data.type === "error") {
      $("title").textContent = data.message;
    }
  };
  socket.onclose = () => setTimeout(connect, 2000);
}

// ---------------------------------------------------------------------------------------------
// Drawing
// ---------------------------------------------------------------------------------------------

function fit(canvas) {
  const ratio = window.devicePixelRatio || 1;
  const w = canvas.clientWidth, h = canvas.clientHeight;
  if (canvas.width !== Math.round(w * ratio) || canvas.height !== Math.round(h * ratio)) {
    canvas.width = Math.round(w * ratio);
    canvas.height = Math.round(h * ratio);
  }
  const ctx = canvas.getContext("2d");
  ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
  return { ctx, w, h };
}

function at(run, step) {
  // the run's value (x for a ball, loss for a network) at `step`, from its thinned trajectory
  const t = run.trajectory;
  if (!t.length) return null;
  if (step >= run.steps || t.length === 1) return t[t.length - 1];
  const pos = (step / Math.max(1, run.steps)) * (t.length - 1);
  const i = Math.floor(pos), f = pos - i;
  const a = t[i], b = t[Math.min(i + 1, t.length - 1)];
  if (a === null || b === null) return a === null ? b : a;
  return a + (b - a) * f;
}

function curveY(level, x) {
  const xs = level.x, ys = level.y;
  if (x <= xs[0]) return ys[0];
  if (x >= xs[xs.length - 1]) return ys[ys.length - 1];
  const i = Math.min(xs.length - 2, Math.floor(((x - xs[0]) / (xs[xs.length - 1] - xs[0])) * (xs.length - 1)));
  const f = (x - xs[i]) / (xs[i + 1] - xs[i]);
  return ys[i] + (ys[i + 1] - ys[i]) * f;
}

function currentStep(now) {
  const elapsed = (now - view.start) / 1000;
  const raceLength = view.maxSteps / view.stepsPerSecond + HOLD_SECONDS;
  if (elapsed > raceLength) { view.start = now; return 0; }
  return Math.min(view.maxSteps, elapsed * view.stepsPerSecond);
}

function leaders(runs, step) {
  // who to name when there are many balls: the first few to finish cleared, else everyone's first run
  const named = new Set();
  const done = runs.filter((r) => r.cleared).sort((a, b) => a.steps - b.steps).slice(0, 5);
  for (const r of done) named.add(r.id);
  return named;
}

function drawCurveRace(ctx, w, h, race, step) {
  const level = race.level;
  const pad = { l: 60, r: 30, t: 40, b: 56 };
  const ys = level.y.filter((v) => v !== null);
  let lo = Math.min(...ys), hi = Math.max(...ys);
  const span = hi - lo || 1;
  lo -= span * 0.08; hi += span * 0.12;
  const x0 = level.x[0], x1 = level.x[level.x.length - 1];
  const px = (x) => pad.l + ((x - x0) / (x1 - x0)) * (w - pad.l - pad.r);
  const py = (y) => h - pad.b - ((y - lo) / (hi - lo)) * (h - pad.t - pad.b);

  // the ground
  const ground = ctx.createLinearGradient(0, pad.t, 0, h - pad.b);
  ground.addColorStop(0, "rgba(111, 182, 255, 0.28)");
  ground.addColorStop(1, "rgba(111, 182, 255, 0.02)");
  ctx.beginPath();
  ctx.moveTo(px(x0), h - pad.b);
  level.x.forEach((x, i) => ctx.lineTo(px(x), py(level.y[i])));
  ctx.lineTo(px(x1), h - pad.b);
  ctx.closePath();
  ctx.fillStyle = ground;
  ctx.fill();
  ctx.beginPath();
  level.x.forEach((x, i) => (i ? ctx.lineTo(px(x), py(level.y[i])) : ctx.moveTo(px(x), py(level.y[i]))));
  ctx.strokeStyle = "#9fd0ff";
  ctx.lineWidth = 4;
  ctx.stroke();

  // axis
  ctx.fillStyle = "#9aa6c1";
  ctx.font = "18px DejaVu Sans, sans-serif";
  ctx.textAlign = "center";
  for (let i = 0; i <= 6; i++) {
    const x = x0 + ((x1 - x0) * i) / 6;
    ctx.fillText(numberText(x), px(x), h - pad.b + 28);
  }

  const runs = race.runs;
  const named = runs.length <= LABELS_UP_TO ? null : leaders(runs, step);
  const radius = runs.length > 30 ? 9 : 12;
  // the start
  if (runs.length) {
    const sx = px(runs[0].x0 ?? level.x0);
    ctx.setLineDash([6, 8]);
    ctx.strokeStyle = "rgba(255,255,255,0.25)";
    ctx.lineWidth = 2;
    ctx.beginPath(); ctx.moveTo(sx, pad.t); ctx.lineTo(sx, h - pad.b); ctx.stroke();
    ctx.setLineDash([]);
  }
  // where every ball is now; balls resting together share one label ("Ada +2")
  const balls = [];
  runs.forEach((run, k) => {
    let x = at(run, step);
    if (x === null || !Number.isFinite(x)) return;
    const off = x < x0 || x > x1;
    x = Math.max(x0, Math.min(x1, x));
    balls.push({ run, k, off, cx: px(x), cy: py(curveY(level, x)) - radius - 2, finished: step >= run.steps });
  });
  const groups = [];
  for (const ball of balls) {
    const near = groups.find((g) => Math.hypot(g.cx - ball.cx, g.cy - ball.cy) < radius * 2.2);
    if (near) near.members.push(ball); else groups.push({ cx: ball.cx, cy: ball.cy, members: [ball] });
  }
  for (const group of groups) {
    group.members.forEach((ball, j) => {
      const { run } = ball;
      const cx = ball.cx + (j % 5 - 2) * Math.min(3, group.members.length - 1), cy = ball.cy - Math.floor(j / 5) * 3;
      const colour = `hsl(${hue(run.player_id)}, 85%, 62%)`;
      ctx.globalAlpha = ball.finished && run.status === "diverged" ? 0.35 : 1;
      if (ball.finished && run.cleared) {
        ctx.beginPath(); ctx.arc(cx, cy, radius + 6, 0, Math.PI * 2);
        ctx.strokeStyle = "rgba(79, 208, 138, 0.9)"; ctx.lineWidth = 3; ctx.stroke();
      }
      ctx.beginPath(); ctx.arc(cx, cy, radius, 0, Math.PI * 2);
      const shade = ctx.createRadialGradient(cx - radius / 3, cy - radius / 3, 1, cx, cy, radius);
      shade.addColorStop(0, "#ffffff"); shade.addColorStop(0.35, colour);
      shade.addColorStop(1, `hsl(${hue(run.player_id)}, 70%, 30%)`);
      ctx.fillStyle = shade; ctx.fill();
      if (ball.off) { ctx.fillStyle = "#ff6b6b"; ctx.fillText("↯", cx, cy - radius - 6); }
      ctx.globalAlpha = 1;
    });
    const shown = group.members.filter((b) => !named || named.has(b.run.id));
    if (!shown.length) continue;
    const lead = shown[0].run;
    const more = group.members.length - 1;
    ctx.font = "bold 17px DejaVu Sans, sans-serif";
    ctx.fillStyle = `hsl(${hue(lead.player_id)}, 85%, 70%)`;
    ctx.fillText(more ? `${lead.nickname} +${more}` : lead.nickname, group.cx, group.cy - radius - 12);
    ctx.font = "18px DejaVu Sans, sans-serif";
  }
}

function drawLossRace(ctx, w, h, race, step) {
  const pad = { l: 80, r: 30, t: 40, b: 56 };
  const runs = race.runs;
  const values = runs.flatMap((r) => r.trajectory.filter((v) => v !== null && v > 0));
  const lo = Math.log10(Math.min(...values, 1e-4)), hi = Math.log10(Math.max(...values, 1));
  const px = (s) => pad.l + (s / view.maxSteps) * (w - pad.l - pad.r);
  const py = (v) => h - pad.b - ((Math.log10(Math.max(v, 1e-12)) - lo) / ((hi - lo) || 1)) * (h - pad.t - pad.b);
  ctx.strokeStyle = "#2a3552"; ctx.lineWidth = 1;
  ctx.fillStyle = "#9aa6c1"; ctx.font = "18px DejaVu Sans, sans-serif"; ctx.textAlign = "right";
  for (let e = Math.ceil(lo); e <= Math.floor(hi); e++) {
    ctx.beginPath(); ctx.moveTo(pad.l, py(10 ** e)); ctx.lineTo(w - pad.r, py(10 ** e)); ctx.stroke();
    ctx.fillText(`1e${e}`, pad.l - 10, py(10 ** e) + 6);
  }
  ctx.textAlign = "center";
  const tick = Math.max(1, Math.pow(10, Math.floor(Math.log10(view.maxSteps / 2))));
  for (let t = 0; t <= view.maxSteps; t += tick * (view.maxSteps / tick > 10 ? 2 : 1)) {
    ctx.fillText(numberText(t), px(t), h - pad.b + 26);
  }
  ctx.fillText(_("steps →"), w / 2, h - 8);
  ctx.save(); ctx.translate(22, h / 2); ctx.rotate(-Math.PI / 2); ctx.fillText(_("loss (log)"), 0, 0); ctx.restore();
  runs.forEach((run) => {
    const colour = `hsl(${hue(run.player_id)}, 85%, 62%)`;
    const upto = Math.min(step, run.steps);
    ctx.beginPath();
    const n = 80;
    for (let i = 0; i <= n; i++) {
      const s = (upto * i) / n, v = at(run, s);
      if (v === null) break;
      i ? ctx.lineTo(px(s), py(v)) : ctx.moveTo(px(s), py(v));
    }
    const blewUp = run.status === "diverged" && step >= run.steps;
    ctx.setLineDash(run.status === "diverged" ? [8, 6] : []);
    ctx.strokeStyle = colour; ctx.lineWidth = 3; ctx.stroke();
    ctx.setLineDash([]);
    const v = at(run, upto);
    if (v !== null) {
      ctx.beginPath(); ctx.arc(px(upto), py(v), 9, 0, Math.PI * 2); ctx.fillStyle = blewUp ? "#ff6b6b" : colour; ctx.fill();
      if (runs.length <= LABELS_UP_TO) {
        ctx.fillStyle = blewUp ? "#ff6b6b" : colour;
        ctx.fillText(blewUp ? run.nickname + " ↯ " + _("diverged") : run.nickname, px(upto), py(v) - 16);
      }
    }
  });
}

function frame(now) {
  const { ctx, w, h } = fit($("race"));
  ctx.clearRect(0, 0, w, h);
  const race = view.race;
  if (race) {
    const step = currentStep(now);
    if (!race.runs.length) {
      ctx.fillStyle = "#9aa6c1"; ctx.font = "28px DejaVu Sans, sans-serif"; ctx.textAlign = "center";
      ctx.fillText(_("Waiting for the first verified run…"), w / 2, h / 2);
    } else if (race.level.kind === "curve") drawCurveRace(ctx, w, h, race, step);
    else drawLossRace(ctx, w, h, race, step);
    if (race.level.kind === "curve" && !race.runs.length) drawCurveRace(ctx, w, h, race, 0);
    ctx.fillStyle = "#eef2fa"; ctx.font = "bold 22px DejaVu Sans Mono, monospace"; ctx.textAlign = "left";
    if (race.runs.length) ctx.fillText(_("step {step}", { step: numberText(Math.floor(step)) }), 24, 32);
  }
  requestAnimationFrame(frame);
}

async function start() {
  try {
    await loadText();
  } catch (error) { /* English, as written */ }
  if (!/^\d{6}$/.test(code) || !token) {
    $("title").textContent = _("Open the projector view from the class dashboard.");
    return;
  }
  fetch(`/api/info?lang=${LANG}`).then((r) => r.json()).then((info) => {
    for (const level of info.levels) view.titles.set(level.id, level.title);
  }).catch(() => {}).finally(() => { connect(); requestAnimationFrame(frame); });
}

start();
