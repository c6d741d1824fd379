// GridBot sandbox web chat. Plain JS, no dependencies: it drives the emulator's
// control API (/sandbox/api) as the chosen persona and long-polls /events so
// new bot messages, edits and callback answers appear without reloading.
"use strict";

const API = "/sandbox/api";
const DEFAULT_POINT = { latitude: 39.9087, longitude: 116.3975 }; // 天安门

const state = {
  personas: [],
  userId: null,
  user: null,
  seq: 0, // last event seen by the poll loop
  versions: new Map(), // message_id -> seq of the version shown (ignore older events)
  replyKeyboard: null,
  keyboardHidden: false,
  pendingLocation: null, // reply-keyboard button text waiting for coordinates, or "" for a plain location
  unread: new Map(),
  typingTimer: null,
  // The bot's time zone (its TIMEZONE setting, from /bot): message times are shown in it, not in the browser's zone.
  timezone: "Asia/Shanghai",
};

// Message times: 24-hour HH:MM in the bot's zone; the full date and time on hover.
let timeFormat = null;
let dateTimeFormat = null;

function setTimezone(zone) {
  state.timezone = zone || state.timezone;
  const options = { timeZone: state.timezone, hourCycle: "h23" };
  timeFormat = new Intl.DateTimeFormat("zh-CN", { ...options, hour: "2-digit", minute: "2-digit" });
  dateTimeFormat = new Intl.DateTimeFormat("zh-CN", { ...options, dateStyle: "medium", timeStyle: "medium" });
}
setTimezone();

const $ = (id) => document.getElementById(id);

async function api(method, path, body) {
  const options = { method, headers: {} };
  if (body instanceof FormData) {
    options.body = body;
  } else if (body !== undefined) {
    options.headers["Content-Type"] = "application/json";
    options.body = JSON.stringify(body);
  }
  const resp = await fetch(API + path, options);
  const data = await resp.json();
  if (!resp.ok) throw new Error(data.error || resp.statusText);
  return data;
}

function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === undefined || value === null || value === false) continue;
    if (key === "class") node.className = value;
    else if (key === "text") node.textContent = value;
    else if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
    else node.setAttribute(key, value === true ? "" : value);
  }
  for (const child of children) if (child) node.append(child);
  return node;
}

function displayName(p) {
  return [p.last_name, p.first_name].filter(Boolean).join("") || `User ${p.user_id}`;
}

// ---- personas -------------------------------------------------------------

async function loadPersonas() {
  state.personas = (await api("GET", "/personas")).personas;
  renderPersonas();
}

function renderPersonas() {
  const list = $("personas");
  list.replaceChildren();
  const ids = state.personas.map((p) => p.user_id);
  if (state.userId !== null && !ids.includes(state.userId)) ids.push(state.userId);
  for (const id of ids) {
    const p = state.personas.find((x) => x.user_id === id) || { user_id: id, title: "非预设用户 ad-hoc user" };
    const unread = state.unread.get(id) || 0;
    const current = id === state.userId;
    list.append(
      el(
        "li",
        {},
        el(
          "button",
          {
            type: "button",
            class: "persona" + (current ? " active" : ""),
            "aria-current": current ? "true" : null,
            "data-testid": `persona-${id}`,
            "data-user-id": id,
            onclick: () => {
              showPersonas(false);
              act(selectUser(id));
            },
          },
          el("span", { class: "avatar", text: displayName(p).slice(0, 1) }),
          el(
            "span",
            { class: "persona-text" },
            el("span", { class: "persona-name", text: displayName(p) + (p.blocked ? " 🚫" : "") }),
            el("span", { class: "persona-title small", text: p.title || "" }),
          ),
          current ? el("span", { class: "current-mark", text: "当前", "data-testid": "persona-current" }) : null,
          unread ? el("span", { class: "badge", text: String(unread), "data-testid": `unread-${id}` }) : null,
        ),
      ),
    );
  }
}

async function selectUser(userId) {
  state.userId = userId;
  state.unread.delete(userId);
  history.replaceState(null, "", `#user=${userId}`);
  const chat = await api("GET", `/chats/${userId}/messages`);
  state.user = chat.user;
  state.versions.clear();
  $("messages").replaceChildren();
  for (const message of chat.messages) upsertMessage(message, chat.seq);
  renderEmptyHint();
  setReplyKeyboard(chat.reply_keyboard);
  $("chat-title").textContent = displayName(chat.user);
  $("chat-subtitle").textContent = [chat.user.title, chat.user.phone].filter(Boolean).join(" · ");
  renderBlocked();
  renderPersonas();
  scrollToBottom();
  $("text-input").focus();
}

// Phone width: the persona list is a panel over the chat, opened by ☰ 身份 (CSS shows it always when wide).
function showPersonas(open) {
  document.body.classList.toggle("personas-open", open);
  $("personas-toggle").setAttribute("aria-expanded", String(open));
}

// An empty chat says what to do first: choose a persona, then send /start (as in Telegram's empty bot chat).
function renderEmptyHint() {
  const box = $("messages");
  box.querySelector(".empty-chat")?.remove();
  if (box.querySelector(".message")) return;
  const hint =
    state.userId === null
      ? el("div", { class: "empty-chat", "data-testid": "empty-chat" },
          el("div", { text: "请先选择一个身份" }),
          el("div", { class: "small", text: "Choose a persona first" }))
      : el("div", { class: "empty-chat", "data-testid": "empty-chat" },
          el("div", { text: "还没有消息。发送 /start 开始" }),
          el("div", { class: "small", text: "No messages yet: send /start to begin" }),
          el("button", {
            type: "button",
            class: "send-button",
            "data-testid": "empty-chat-start",
            text: "发送 /start",
            onclick: () => act(api("POST", `/chats/${state.userId}/text`, { text: "/start" })),
          }));
  box.append(hint);
}

function renderBlocked() {
  $("block-toggle").textContent = state.user && state.user.blocked ? "解除屏蔽 Unblock" : "屏蔽机器人 Block";
}

// ---- messages -------------------------------------------------------------

function formatSize(bytes) {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

function renderBody(m) {
  const body = el("div", { class: "bubble-body" });
  if (m.photo) {
    const img = el("img", { class: "photo", src: m.photo.url, alt: "photo", "data-testid": "message-photo" });
    img.addEventListener("load", () => scrollToBottom());
    body.append(img);
  }
  if (m.document) {
    body.append(
      el(
        "a",
        { class: "document", href: m.document.url, download: m.document.file_name || "", "data-testid": "message-document" },
        el("span", { class: "doc-icon", text: (m.document.file_name || "").split(".").pop().slice(0, 4).toUpperCase() || "FILE" }),
        el("span", { text: `${m.document.file_name || "file"} (${formatSize(m.document.file_size || 0)})` }),
      ),
    );
  }
  if (m.location) {
    body.append(el("div", { class: "location", text: `位置 ${m.location.latitude}, ${m.location.longitude}` }));
  }
  if (m.contact) {
    const c = m.contact;
    const who = [c.last_name, c.first_name].filter(Boolean).join("");
    body.append(el("div", { class: "contact", text: `联系人 ${who} ${c.phone_number}` }));
  }
  const text = el("div", { class: "text", "data-testid": "message-text" });
  if (m.html) text.innerHTML = m.html; // already sanitised by the emulator (Telegram HTML subset only)
  else text.textContent = m.text ?? m.caption ?? "";
  if (text.innerHTML) body.append(text);
  return body;
}

function renderInlineKeyboard(m) {
  if (!m.inline_keyboard.length) return null;
  const keyboard = el("div", { class: "inline-keyboard", "data-testid": "inline-keyboard" });
  for (const row of m.inline_keyboard) {
    const rowEl = el("div", { class: "inline-row" });
    for (const button of row) {
      const attrs = {
        class: "inline-button",
        "data-testid": "inline-button",
        "data-message-id": m.message_id,
        "data-text": button.text,
      };
      if (button.url) {
        rowEl.append(el("a", { ...attrs, href: button.url, target: "_blank", rel: "noopener noreferrer", text: button.text + " ↗" }));
      } else {
        attrs["data-callback"] = button.callback_data ?? "";
        attrs.type = "button";
        attrs.onclick = (ev) => pressInline(m.message_id, button, ev.currentTarget);
        rowEl.append(el("button", { ...attrs, text: button.text }));
      }
    }
    keyboard.append(rowEl);
  }
  return keyboard;
}

function renderMessage(m) {
  const when = new Date((m.edit_date || m.date) * 1000);
  const meta = el(
    "div",
    { class: "meta small" },
    m.edited ? el("span", { text: "已编辑 edited · " }) : null,
    el("time", {
      datetime: when.toISOString(),
      title: `${dateTimeFormat.format(when)} (${state.timezone})`,
      "data-testid": "message-time",
      text: timeFormat.format(when),
    }),
  );
  return el(
    "div",
    {
      class: `message ${m.outgoing ? "from-bot" : "from-user"}`,
      "data-testid": "message-bubble",
      "data-message-id": m.message_id,
      "data-from": m.outgoing ? "bot" : "user",
      "data-edited": m.edited ? "true" : "false",
      "data-date": m.edit_date || m.date,
    },
    el("div", { class: "bubble" }, renderBody(m), meta),
    renderInlineKeyboard(m),
  );
}

function upsertMessage(m, seq) {
  if ((state.versions.get(m.message_id) ?? -1) >= seq) return; // an older version than the one shown
  state.versions.set(m.message_id, seq);
  const existing = $("messages").querySelector(`[data-message-id="${m.message_id}"].message`);
  if (m.deleted) {
    existing?.remove();
    renderEmptyHint();
    return;
  }
  const node = renderMessage(m);
  if (existing) existing.replaceWith(node);
  else $("messages").append(node);
  renderEmptyHint();
}

function scrollToBottom() {
  const box = $("messages");
  box.scrollTop = box.scrollHeight;
}

// ---- reply keyboard -----------------------------------------------------------

function setReplyKeyboard(markup) {
  state.replyKeyboard = markup;
  state.keyboardHidden = false;
  renderReplyKeyboard();
}

function renderReplyKeyboard() {
  const box = $("reply-keyboard");
  const markup = state.replyKeyboard;
  box.replaceChildren();
  $("keyboard-toggle").hidden = !markup;
  $("text-input").placeholder = (markup && markup.input_field_placeholder) || "输入消息… Message";
  box.hidden = !markup || state.keyboardHidden;
  if (!markup) return;
  for (const row of markup.keyboard) {
    const rowEl = el("div", { class: "reply-row" });
    for (const button of row) {
      const request = button.request_contact ? "contact" : button.request_location ? "location" : null;
      const hint = { contact: "共享本人手机号 share contact", location: "发送位置 share location" }[request];
      rowEl.append(
        el(
          "button",
          {
            type: "button",
            class: "reply-button",
            "data-testid": "reply-button",
            "data-text": button.text,
            "data-request": request,
            onclick: () => pressReply(button),
          },
          el("span", { text: button.text }),
          hint ? el("span", { class: "request-hint small", text: hint }) : null,
        ),
      );
    }
    box.append(rowEl);
  }
}

// ---- user actions -------------------------------------------------------------

async function act(promise) {
  try {
    await promise;
  } catch (err) {
    showToast(`⚠ ${err.message}`);
  }
}

async function pressInline(messageId, button, node) {
  node.classList.add("pending");
  setTimeout(() => node.classList.remove("pending"), 3000);
  await act(api("POST", `/chats/${state.userId}/callback`, { message_id: messageId, callback_data: button.callback_data }));
}

async function pressReply(button) {
  if (button.request_location) {
    openLocationForm(button.text);
    return;
  }
  await act(api("POST", `/chats/${state.userId}/reply-button`, { text: button.text }));
}

function openLocationForm(buttonText) {
  state.pendingLocation = buttonText;
  $("location-lat").value = DEFAULT_POINT.latitude;
  $("location-lon").value = DEFAULT_POINT.longitude;
  $("location-form").hidden = false;
  $("location-lat").focus();
}

async function sendLocation(ev) {
  ev.preventDefault();
  const point = { latitude: Number($("location-lat").value), longitude: Number($("location-lon").value) };
  const buttonText = state.pendingLocation;
  $("location-form").hidden = true;
  state.pendingLocation = null;
  if (buttonText) await act(api("POST", `/chats/${state.userId}/reply-button`, { text: buttonText, ...point }));
  else await act(api("POST", `/chats/${state.userId}/location`, point));
}

async function sendText(ev) {
  ev.preventDefault();
  const input = $("text-input");
  const text = input.value;
  if (!text.trim() || state.userId === null) return;
  input.value = "";
  await act(api("POST", `/chats/${state.userId}/text`, { text }));
}

async function upload(kind, input) {
  const file = input.files[0];
  input.value = "";
  if (!file) return;
  const form = new FormData();
  form.append("file", file, file.name);
  await act(api("POST", `/chats/${state.userId}/${kind}`, form));
}

async function toggleBlock() {
  const blocked = !(state.user && state.user.blocked);
  state.user = await api("POST", `/users/${state.userId}/block`, { blocked });
  renderBlocked();
  await loadPersonas();
}

async function toggleCommands() {
  const menu = $("commands");
  if (!menu.hidden) {
    menu.hidden = true;
    return;
  }
  const { commands } = await api("GET", "/bot");
  menu.replaceChildren(
    ...(commands.length ? commands : [{ command: "start", description: "开始 Start" }]).map((c) =>
      el(
        "button",
        {
          type: "button",
          class: "command",
          "data-testid": "command-item",
          onclick: () => {
            menu.hidden = true;
            act(api("POST", `/chats/${state.userId}/text`, { text: `/${c.command}` }));
          },
        },
        el("b", { text: `/${c.command}` }),
        el("span", { class: "small", text: ` ${c.description}` }),
      ),
    ),
  );
  menu.hidden = false;
}

// ---- notifications ------------------------------------------------------------

function showToast(text) {
  const toast = $("toast");
  toast.textContent = text;
  toast.hidden = false;
  clearTimeout(showToast.timer);
  showToast.timer = setTimeout(() => (toast.hidden = true), 2500);
}

function showAlert(text) {
  $("alert-text").textContent = text;
  $("alert").hidden = false;
  $("alert-ok").focus();
}

function showTyping() {
  $("typing").hidden = false;
  clearTimeout(state.typingTimer);
  state.typingTimer = setTimeout(() => ($("typing").hidden = true), 5000); // Telegram shows an action for 5 s
}

// ---- event loop ---------------------------------------------------------------

function applyEvent(event) {
  const mine = event.chat_id === state.userId;
  if (!mine) {
    if (event.type === "message" && event.message.outgoing) {
      state.unread.set(event.chat_id, (state.unread.get(event.chat_id) || 0) + 1);
      renderPersonas();
    }
    return;
  }
  switch (event.type) {
    case "message":
    case "edit":
      upsertMessage(event.message, event.seq);
      if (event.message.outgoing) $("typing").hidden = true;
      if (event.type === "message") scrollToBottom();
      break;
    case "delete":
      state.versions.set(event.message_id, event.seq);
      $("messages").querySelector(`[data-message-id="${event.message_id}"].message`)?.remove();
      renderEmptyHint();
      break;
    case "keyboard":
      setReplyKeyboard(event.reply_keyboard);
      break;
    case "callback_answer": {
      const answer = event.answer || {};
      document.querySelectorAll(".inline-button.pending").forEach((b) => b.classList.remove("pending"));
      if (answer.text && answer.show_alert) showAlert(answer.text);
      else if (answer.text) showToast(answer.text);
      break;
    }
    case "chat_action":
      showTyping();
      break;
  }
}

async function pollEvents() {
  for (;;) {
    try {
      const data = await api("GET", `/events?since=${state.seq}&timeout=25`);
      for (const event of data.events) {
        state.seq = event.seq;
        applyEvent(event);
      }
    } catch (err) {
      await new Promise((resolve) => setTimeout(resolve, 2000)); // emulator restarting: retry
    }
  }
}

async function saveSettings(ev) {
  ev.preventDefault();
  const form = $("settings");
  const number = (name) => Number(form.elements[name].value);
  await act(
    api("POST", "/config", {
      limits: { enabled: form.elements.limits_enabled.checked },
      faults: {
        enabled: form.elements.faults_enabled.checked,
        rate_429: number("rate_429"),
        rate_500: number("rate_500"),
        delay_rate: number("delay_rate"),
        delay_ms: number("delay_ms"),
      },
    }).then(() => showToast("已保存 Saved")),
  );
}

async function loadSettings() {
  const config = await api("GET", "/config");
  const form = $("settings");
  form.elements.limits_enabled.checked = config.limits.enabled;
  form.elements.faults_enabled.checked = config.faults.enabled;
  for (const name of ["rate_429", "rate_500", "delay_rate", "delay_ms"]) form.elements[name].value = config.faults[name];
}

// ---- start --------------------------------------------------------------------

async function main() {
  $("composer").addEventListener("submit", sendText);
  $("location-form").addEventListener("submit", sendLocation);
  $("location-cancel").addEventListener("click", () => ($("location-form").hidden = true));
  $("location-button").addEventListener("click", () => openLocationForm(""));
  $("photo-input").addEventListener("change", (ev) => upload("photo", ev.target));
  $("document-input").addEventListener("change", (ev) => upload("document", ev.target));
  $("block-toggle").addEventListener("click", () => act(toggleBlock()));
  $("commands-button").addEventListener("click", () => act(toggleCommands()));
  $("keyboard-toggle").addEventListener("click", () => {
    state.keyboardHidden = !state.keyboardHidden;
    renderReplyKeyboard();
  });
  $("alert-ok").addEventListener("click", () => ($("alert").hidden = true));
  $("settings-toggle").addEventListener("click", () => {
    $("settings").hidden = !$("settings").hidden;
    if (!$("settings").hidden) act(loadSettings());
  });
  $("settings").addEventListener("submit", saveSettings);
  $("personas-toggle").addEventListener("click", () => showPersonas(!document.body.classList.contains("personas-open")));
  $("personas-close").addEventListener("click", () => showPersonas(false));
  // A tap on the dimmed chat beside the open persona panel only closes the panel.
  document.querySelector(".chat").addEventListener(
    "click",
    (ev) => {
      if (!document.body.classList.contains("personas-open")) return;
      ev.stopPropagation();
      ev.preventDefault();
      showPersonas(false);
    },
    true,
  );
  document.addEventListener("keydown", (ev) => {
    if (ev.key === "Escape") showPersonas(false);
  });
  $("add-user").addEventListener("submit", (ev) => {
    ev.preventDefault();
    const id = Number($("add-user-id").value);
    if (id) {
      showPersonas(false);
      act(selectUser(id));
    }
  });

  const { bot, timezone } = await api("GET", "/bot");
  setTimezone(timezone);
  document.title = `${bot.first_name} · 沙盒 Sandbox`;
  // Chat 0 never has events: this only reads the current seq, so old events are not replayed.
  state.seq = (await api("GET", "/events?since=0&timeout=0&chat_id=0")).seq;
  await loadPersonas();
  const fromHash = Number((location.hash.match(/user=(-?\d+)/) || [])[1]);
  const first = fromHash || (state.personas[0] && state.personas[0].user_id);
  if (first) await selectUser(first);
  else renderEmptyHint();
  pollEvents();
}

main().catch((err) => showToast(`⚠ ${err.message}`));
