// Strom's search page: results from the Pagefind index as the reader types.
// Loaded by the search page alone, from the site's own origin; its texts are
// the data-* attributes of #Search, translated by the site's catalogs. The
// query and filters live in the address (?q=kafka&tag=Kafka&year=2025), so a
// search can be linked and the back button brings it back.

const root = document.getElementById("Search");
const form = root.querySelector("form");
const input = document.getElementById("SearchInput");
const year = document.getElementById("SearchYear");
const tagBox = document.getElementById("SearchTags");
const tagList = tagBox.querySelector("ul");
const status = document.getElementById("SearchStatus");
const list = document.getElementById("SearchResults");
const more = document.getElementById("SearchMore");
const text = root.dataset;
const PAGE = 10; // results shown at once
const TAGS = 12; // tag filters offered at once (the most frequent among the results)

let pagefind = null;
let results = [];
let shown = 0;
let latest = 0; // the newest search: an older one that finishes later shows nothing

function fill(template, values) {
  return template.replace(/\{(\w+)\}/g, (all, name) => (name in values ? values[name] : all));
}

function chosenTags() {
  return [...tagList.querySelectorAll("input:checked")].map((box) => box.value);
}

function stateFromAddress() {
  const params = new URLSearchParams(window.location.search);
  return { query: params.get("q") || "", tags: params.getAll("tag"), year: params.get("year") || "" };
}

function writeAddress(query, tags, chosenYear) {
  const params = new URLSearchParams();
  if (query) params.set("q", query);
  for (const tag of tags) params.append("tag", tag);
  if (chosenYear) params.set("year", chosenYear);
  const search = params.toString();
  const address = window.location.pathname + (search ? `?${search}` : "");
  if (address !== window.location.pathname + window.location.search) {
    window.history.replaceState(null, "", address);
  }
}

// An excerpt holds the page's text with <mark> around the words found: keep
// exactly those two things, whatever else the string may hold.
function excerptNodes(html) {
  const parsed = new DOMParser().parseFromString(`<p>${html}</p>`, "text/html").body;
  const nodes = [];
  for (const node of parsed.firstChild ? parsed.firstChild.childNodes : []) {
    if (node.nodeName === "MARK") {
      const mark = document.createElement("mark");
      mark.textContent = node.textContent;
      nodes.push(mark);
    } else {
      nodes.push(document.createTextNode(node.textContent));
    }
  }
  return nodes;
}

function resultItem(data) {
  const item = document.createElement("li");
  const title = document.createElement("h2");
  const link = document.createElement("a");
  link.href = data.url;
  link.textContent = data.meta.title || data.url;
  title.append(link);
  item.append(title);
  if (data.meta.date) {
    const date = document.createElement("p");
    date.className = "post-meta";
    date.textContent = data.meta.date;
    item.append(date);
  }
  const excerpt = document.createElement("p");
  excerpt.className = "search-excerpt";
  excerpt.append(...excerptNodes(data.excerpt || ""));
  item.append(excerpt);
  return item;
}

async function showMore() {
  const mine = latest;
  const next = results.slice(shown, shown + PAGE);
  const loaded = await Promise.all(next.map((result) => result.data()));
  if (mine !== latest) return false;
  list.append(...loaded.map(resultItem));
  shown += next.length;
  more.hidden = shown >= results.length;
  return true;
}

function offerTags(counts, chosen) {
  const names = Object.entries(counts || {})
    .filter(([name, count]) => count > 0 || chosen.includes(name))
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0], text.lang))
    .slice(0, TAGS)
    .map(([name]) => name);
  for (const name of chosen) if (!names.includes(name)) names.push(name);
  const focused = document.activeElement && tagList.contains(document.activeElement)
    ? document.activeElement.value : null;
  tagList.replaceChildren(...names.map((name, index) => {
    const item = document.createElement("li");
    const box = document.createElement("input");
    box.type = "checkbox";
    box.id = `SearchTag${index}`;
    box.name = "tag";
    box.value = name;
    box.checked = chosen.includes(name);
    const label = document.createElement("label");
    label.htmlFor = box.id;
    label.textContent = counts && name in counts ? `${name} (${counts[name]})` : name;
    item.append(box, label);
    return item;
  }));
  tagBox.hidden = names.length === 0;
  if (focused !== null) {
    const again = [...tagList.querySelectorAll("input")].find((box) => box.value === focused);
    if (again) again.focus();
  }
}

async function run(state, delay) {
  const query = state.query.trim();
  const filters = {};
  if (state.tags.length) filters.tag = state.tags;
  if (state.year) filters.year = state.year;
  writeAddress(query, state.tags, state.year);
  const mine = ++latest;
  if (!query && !state.tags.length && !state.year) {
    results = [];
    list.replaceChildren();
    more.hidden = true;
    status.textContent = "";
    offerTags({}, []);
    return;
  }
  const search = await pagefind.debouncedSearch(query || null, { filters }, delay);
  if (search === null || mine !== latest) return; // a newer search replaced this one
  results = search.results;
  shown = 0;
  list.replaceChildren();
  if (!(await showMore())) return;
  const count = results.length;
  const shownQuery = query || [...state.tags, state.year].filter(Boolean).join(", ");
  status.textContent = count === 0
    ? fill(text.none, { query: shownQuery })
    : fill(count === 1 ? text.one : text.many, { count: count.toLocaleString(text.lang), query: shownQuery });
  offerTags(search.filters.tag, state.tags);
}

function current() {
  return { query: input.value, tags: chosenTags(), year: year.value };
}

// Pagefind, loaded once; typing may begin before it is there.
async function load() {
  const api = await import(`${text.bundle}pagefind.js`);
  await api.options({ baseUrl: new URL(text.base, window.location.href).pathname });
  await api.init();
  const filters = await api.filters();
  const years = Object.keys(filters.year || {}).sort().reverse();
  year.append(...years.map((value) => new Option(value, value)));
  year.disabled = years.length === 0;
  if (address.year) year.value = address.year;
  return api;
}

const address = stateFromAddress();
input.value = input.value || address.query;
offerTags({}, address.tags);
const ready = load();

async function search(state, delay) {
  try {
    pagefind = await ready;
    await run(state, delay);
  } catch (error) {
    status.textContent = text.failed; // the index unreachable: said on the page, not thrown
  }
}

form.addEventListener("submit", (event) => {
  event.preventDefault();
  search(current(), 0);
});
input.addEventListener("input", () => search(current(), 250));
year.addEventListener("change", () => search(current(), 0));
tagList.addEventListener("change", () => search(current(), 0));
more.addEventListener("click", () => showMore());
window.addEventListener("popstate", () => {
  const again = stateFromAddress();
  input.value = again.query;
  year.value = again.year;
  offerTags({}, again.tags);
  search(again, 0);
});
search({ ...address, query: input.value }, 0);
