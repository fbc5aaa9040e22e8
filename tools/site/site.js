// The course site's one script (assets/site.js, loaded with `defer`: it never blocks the first paint).
// - Figures: each div.nn-figure[data-fig] is followed by its plotly JSON in a script[type=application/json];
//   plotly.js (vendor/plotly.min.js, tools/site/plotly.ts) is loaded once, as the first frame of a page that
//   has figures is drawn (an inline script in its head starts it), and each figure is drawn as it scrolls
//   into view. Until then its still image shows.
// - Wide display formulas shrink to fit (down to 70 %), else scroll in their own box (keyboard-focusable).
// - Live cells: Run all / Run / Edit load the live runtime (assets/live/live.js) on the first click.
// - Search: the lessons' index (assets/search-index.js, built with the site) and MiniSearch load on the
//   first focus of the search box; everything works from file:// with no network.
(function () {
  "use strict";
  var base = document.documentElement.getAttribute("data-root") || "";
  // The site's one script loader, inline in the page's head (tools/site/build.ts, LOADER): on a page
  // with figures it may have begun loading plotly already.
  var load = window.nnLoad;

  // ---- figures
  function draw(el) {
    if (el.getAttribute("data-drawn")) return;
    el.setAttribute("data-drawn", "pending");
    var json = el.nextElementSibling;
    var fig = JSON.parse(json.textContent);
    var layout = Object.assign({}, fig.layout, { autosize: true });
    delete layout.width; // the box's width: a figure never sticks out of the column
    var still = el.hasAttribute("data-static");
    // Side-by-side panels need room: each at least PANEL_PX wide, or the figure scrolls in its own box.
    var panels = Object.keys(layout).filter(function (k) { return /^xaxis\d*$/.test(k); }).length;
    if (panels > 1 && el.parentNode.classList.contains("figure")) { el.setAttribute("data-min-width", String(PANEL_PX * panels)); widen(el); }
    load("vendor/plotly.min.js").then(function () {
      var img = el.querySelector("img.nn-figure-static");
      if (img) img.remove();
      return window.Plotly.newPlot(el, fig.data, layout, still ? { staticPlot: true } : { responsive: true, displaylogo: false });
    }).then(function () {
      el.setAttribute("data-drawn", "yes");
      // For bench/site.ts: when each figure was drawn, exactly (not when a poll noticed it).
      if (window.performance && performance.mark) performance.mark("nn-figure-drawn", { detail: el.id });
      // Plotly's own hidden helpers carry no name; the figure's title names the box.
      el.querySelectorAll("svg.main-svg").forEach(function (svg) { svg.setAttribute("aria-hidden", "true"); });
    }, function (e) {
      el.setAttribute("data-drawn", "failed");
      console.error(e.message);
    });
  }
  /** The narrowest a panel of a multi-panel figure is drawn (on a phone two panels at 175 px each
   * overlapped their axis titles and cut the figure's title). */
  var PANEL_PX = 340;
  /** Gives a multi-panel figure its minimum width, its box then scrolling sideways (reachable by keyboard). */
  function widen(el) {
    var min = Number(el.getAttribute("data-min-width") || 0), box = el.parentNode;
    if (!min) return false;
    var narrow = box.clientWidth < min;
    if (narrow === box.classList.contains("scroll-x")) return false;
    el.style.width = narrow ? min + "px" : "";
    box.classList.toggle("scroll-x", narrow);
    if (narrow) box.setAttribute("tabindex", "0"); else box.removeAttribute("tabindex");
    return true;
  }
  var figures = document.querySelectorAll(".nn-figure[data-fig]");
  if ("IntersectionObserver" in window) {
    var io = new IntersectionObserver(function (entries) {
      entries.forEach(function (e) {
        if (e.isIntersecting) { io.unobserve(e.target); draw(e.target); }
      });
    }, { rootMargin: "300px 0px" });
    figures.forEach(function (f) { io.observe(f); });
  } else figures.forEach(draw);
  // Where the head's starter got no animation frame (a background tab), start plotly after the first
  // paint here (never before: it would delay it), so the figure the reader scrolls to draws at once.
  function afterFirstPaint(f) {
    try {
      new PerformanceObserver(function (list, obs) { obs.disconnect(); setTimeout(f, 0); }).observe({ type: "paint", buffered: true });
    } catch (e) { window.addEventListener("load", f); }
  }
  if (figures.length > 0) afterFirstPaint(function () { load("vendor/plotly.min.js"); });

  // ---- wide formulas
  function fit() {
    document.querySelectorAll(".katex-display").forEach(function (d) {
      d.style.fontSize = "";
      d.removeAttribute("tabindex");
      var ratio = d.clientWidth / d.scrollWidth;
      if (ratio >= 1) return;
      if (ratio >= 0.7) d.style.fontSize = Math.floor(ratio * 100) - 1 + "%";
      if (d.scrollWidth > d.clientWidth + 2) d.setAttribute("tabindex", "0"); // still scrolls: reachable by keyboard
    });
    document.querySelectorAll(".out.html, .out.md, .out.latex, .table-wrap").forEach(function (d) {
      if (d.scrollWidth > d.clientWidth + 2) d.setAttribute("tabindex", "0");
      else d.removeAttribute("tabindex");
    });
  }
  fit();
  // Widths measured before KaTeX's fonts arrive are the fallback font's: measure again once they are in.
  if (document.fonts && document.fonts.ready) document.fonts.ready.then(fit);
  var timer = 0;
  window.addEventListener("resize", function () {
    clearTimeout(timer);
    timer = setTimeout(function () {
      fit();
      document.querySelectorAll(".nn-figure[data-min-width]").forEach(function (el) {
        if (widen(el) && el.getAttribute("data-drawn") === "yes" && window.Plotly) window.Plotly.Plots.resize(el);
      });
    }, 150);
  });

  // ---- live cells: the runtime (assets/live/live.js, tools/live/page) loads on the first Run or Edit,
  // so a page that is only read loads none of it.
  window.nnSite = {
    load: load,
    fit: fit,
    drawIn: function (el) {
      var list = el.matches && el.matches(".nn-figure[data-fig]") ? [el] : el.querySelectorAll ? el.querySelectorAll(".nn-figure[data-fig]") : [];
      Array.prototype.forEach.call(list, draw);
    }
  };
  if (document.querySelector("article[data-live]")) {
    document.addEventListener("click", function (e) {
      var b = e.target.closest && e.target.closest("article[data-live] button[data-action]");
      if (!b) return;
      e.preventDefault();
      load("assets/live/live.js").then(function () { window.NNLive.action(b); }, function (err) {
        document.documentElement.setAttribute("data-run", "error");
        console.error(err.message);
      });
    });
    // A double click on a cell's code edits it, as the cell's Edit button does.
    document.addEventListener("dblclick", function (e) {
      var pre = e.target.closest && e.target.closest("article[data-live] div.cell.code pre.code");
      var edit = pre && pre.parentNode.querySelector('button[data-action="edit"]');
      if (edit) edit.click();
    });
  }

  // ---- search
  var box = document.getElementById("search-q");
  var out = document.getElementById("search-results");
  if (!box || !out) return;
  var engine = null;
  function ready() {
    if (engine) return Promise.resolve(engine);
    return load("vendor/minisearch.js").then(function () { return load("assets/search-index.js"); }).then(function () {
      engine = window.MiniSearch.loadJS(window.NN_SEARCH_INDEX, { fields: ["title", "text"], storeFields: ["title", "lesson", "url", "snippet"] });
      return engine;
    });
  }
  box.addEventListener("focus", function () { ready(); });
  function show() {
    var q = box.value.trim();
    if (!q) { out.innerHTML = ""; out.hidden = true; return; }
    ready().then(function (ms) {
      var hits = ms.search(q, { prefix: true, fuzzy: 0.2, boost: { title: 2 } }).slice(0, 12);
      out.hidden = false;
      out.innerHTML = "";
      var p = document.createElement("p");
      p.className = "search-count";
      p.textContent = hits.length ? hits.length + (hits.length === 12 ? "+" : "") + " sections" : "No section matches “" + q + "”";
      out.appendChild(p);
      var ol = document.createElement("ol");
      hits.forEach(function (h) {
        var li = document.createElement("li");
        var a = document.createElement("a");
        a.href = base + h.url;
        a.textContent = h.lesson + " › " + h.title;
        var s = document.createElement("span");
        s.textContent = h.snippet;
        li.appendChild(a);
        li.appendChild(s);
        ol.appendChild(li);
      });
      out.appendChild(ol);
    });
  }
  box.addEventListener("input", show);
  var form = box.form;
  if (form) form.addEventListener("submit", function (e) { e.preventDefault(); show(); });
})();
