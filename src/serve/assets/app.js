// The checking page: sends the chosen files to the server, shows what `perf-eval check`
// answers. Text goes into the page only as text (textContent), never as markup.
"use strict";

const words = JSON.parse(document.getElementById("words").textContent);
const body = document.body;
const input = document.getElementById("files");
const drop = document.getElementById("drop");
const rules = document.getElementById("rules");
const tokenBox = document.getElementById("token-box");
const token = document.getElementById("token");
const status = document.getElementById("status");
const results = document.getElementById("results");
const downloads = document.getElementById("downloads");
const maxFiles = Number(body.dataset.maxFiles);
const maxBytes = Number(body.dataset.maxBytes);
let chosen = [];

if (body.dataset.needsToken === "1") {
  tokenBox.hidden = false;
  // A shared link may carry the token after `#token=`; it never reaches the server's log.
  const match = /token=([^&]+)/.exec(location.hash);
  if (match) token.value = decodeURIComponent(match[1]);
}

function element(tag, text, className) {
  const node = document.createElement(tag);
  if (text !== undefined && text !== null) node.textContent = String(text);
  if (className) node.className = className;
  return node;
}

function fill(template, values) {
  return template.replace(/\{(\w+)\}/g, (all, key) => (key in values ? values[key] : all));
}

function form(files) {
  const data = new FormData();
  data.append("rules", rules.value);
  for (const file of files) data.append("file", file, file.name);
  return data;
}

async function post(path, files) {
  const headers = {};
  if (token.value) headers.Authorization = "Bearer " + token.value;
  const response = await fetch(path, { method: "POST", body: form(files), headers });
  if (!response.ok) {
    let message = response.status + " " + response.statusText;
    try {
      message = (await response.json()).error;
    } catch (ignored) {
      // Not a refusal of ours (a proxy's page): the status says enough.
    }
    throw new Error(message);
  }
  return response;
}

// Why a request failed, as the page says it: the server's refusal, or (fetch rejects with a
// TypeError when no answer came) that the server could not be reached.
function refused(error) {
  status.textContent = error instanceof TypeError ? words.unreachable : error.message;
  status.className = "refused";
}

async function check() {
  if (chosen.length === 0) return;
  results.replaceChildren();
  downloads.replaceChildren();
  // Past the server's limit: refused here in the server's words, without sending it.
  if (chosen.reduce((sum, file) => sum + file.size, 0) > maxBytes) {
    refused(new Error(body.dataset.tooLarge));
    return;
  }
  status.textContent = words.working;
  status.className = "";
  try {
    const report = await (await post("/api/check", chosen)).json();
    show(report);
  } catch (error) {
    refused(error);
  }
}

function show(report) {
  const s = report.summary;
  status.textContent = fill(words.counts, {
    files: s.files,
    errors: s.errors,
    warnings: s.warnings,
    unusable: s.unusable,
  });
  downloads.append(
    button(words.pack, "/api/pack", chosen, "审核报告.html"),
    button(words.summary, "/api/summary", chosen, "汇总表.xlsx"),
  );
  for (const file of report.files) results.append(table(file));
}

function button(label, path, files, name) {
  const node = element("button", label, "download");
  node.type = "button";
  node.addEventListener("click", async () => {
    node.disabled = true;
    try {
      const blob = await (await post(path, files)).blob();
      const link = element("a");
      link.href = URL.createObjectURL(blob);
      link.download = name;
      document.body.append(link);
      link.click();
      link.remove();
      setTimeout(() => URL.revokeObjectURL(link.href), 60000);
    } catch (error) {
      refused(error);
    } finally {
      node.disabled = false;
    }
  });
  return node;
}

function score(value) {
  return value === null || value === undefined ? "—" : value;
}

function row(cells, className) {
  const tr = element("tr", undefined, className);
  if (className.includes("differs")) tr.title = words.differs;
  for (const cell of cells) tr.append(element("td", cell));
  return tr;
}

function table(file) {
  const section = element("section", undefined, "table");
  const title = file.sheet ? file.path + "（" + file.sheet + "）" : file.path;
  section.append(element("h2", title));
  if (file.status !== "checked") {
    section.classList.add("unusable");
    section.append(element("p", words.unusable + "：" + file.error.message, "error"));
    return section;
  }
  section.append(element("p", file.project.name + "　" + file.profile.title, "project"));
  const upload = chosen.find((f) => f.name === file.path);
  if (upload) {
    const stem = upload.name.replace(/\.[^.]*$/, "");
    section.append(
      button(words.xlsx, "/api/xlsx", [upload], stem + "-自评表.xlsx"),
      button(words.docx, "/api/docx", [upload], stem + "-自评报告.docx"),
    );
  }
  const grid = element("table", undefined, "form");
  const head = element("tr");
  for (const label of [words.level1, words.level2, words.indicator, words.target, words.actual,
    words.weight, words.declared, words.computed]) {
    head.append(element("th", label));
  }
  const thead = element("thead");
  thead.append(head);
  grid.append(thead);
  const rows = element("tbody");
  const differs = (a, b) => a !== null && a !== undefined && a !== b;
  const funds = file.funds;
  if (funds) {
    const declaredRate = funds.declared_rate_percent ? funds.declared_rate_percent + "%" : "—";
    rows.append(row([words.funds, "", "", declaredRate, funds.rate_percent + "%", funds.weight,
      score(funds.declared_score), score(funds.score)],
    differs(funds.declared_score, funds.score) ? "differs" : ""));
  }
  for (const item of file.indicators) {
    rows.append(row([item.level1, item.level2, item.name, item.target, item.actual, item.weight,
      score(item.declared_score), score(item.score)],
    differs(item.declared_score, item.score) ? "differs" : ""));
  }
  const total = file.total;
  const totalRow = row([words.total, "", "", "", "", total.weight, score(total.declared_score),
    score(total.score)], "total" + (differs(total.declared_score, total.score) ? " differs" : ""));
  totalRow.querySelector("td:last-child").classList.add("total-computed");
  rows.append(totalRow);
  rows.append(row([words.grade, "", "", "", "", "", score(total.declared_grade), total.grade],
    "grade" + (differs(total.declared_grade, total.grade) ? " differs" : "")));
  grid.append(rows);
  section.append(grid);
  section.append(element("h3", words.findings));
  if (file.findings.length === 0) {
    section.append(element("p", words.clean, "clean"));
    return section;
  }
  const list = element("ol", undefined, "findings");
  const severities = { error: 0, warning: 1, info: 2 };
  file.findings.forEach((finding) => {
    const item = element("li", undefined, "finding " + finding.severity);
    const place = where(finding);
    item.append(
      element("span", words.severities[severities[finding.severity]], "severity"),
      element("span", place, "place"),
      element("span", finding.message, "message"),
    );
    if (finding.help) item.append(element("span", finding.help, "help"));
    list.append(item);
  });
  section.append(list);
  return section;
}

// Where a finding is, as the command line words it: a workbook's cell, a Word table's cell or
// a line of pasted text.
function where(finding) {
  if (finding.cell !== undefined) return finding.sheet + "!" + finding.cell;
  if (finding.table !== undefined) return fill(words.table_cell, finding);
  return fill(words.line, { n: finding.line });
}

function choose(files) {
  chosen = Array.from(files).slice(0, maxFiles);
  check();
}

input.addEventListener("change", () => choose(input.files));
rules.addEventListener("change", check);
drop.addEventListener("dragover", (event) => {
  event.preventDefault();
  drop.classList.add("over");
});
drop.addEventListener("dragleave", () => drop.classList.remove("over"));
drop.addEventListener("drop", (event) => {
  event.preventDefault();
  drop.classList.remove("over");
  choose(event.dataTransfer.files);
});
