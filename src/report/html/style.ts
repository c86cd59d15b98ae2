/**
 * The one stylesheet, inline in every report. Colours are variables so `prefers-color-scheme`
 * swaps them; print keeps the chart colours (print-color-adjust) and avoids breaking a prefix's
 * charts across pages. System fonts only: a report must render the same offline.
 */
export const STYLE = `
:root{color-scheme:light dark;--bg:#fff;--fg:#1b1f24;--muted:#5b6470;--line:#d5dae0;--panel:#f5f7f9;--link:#0b5cad;
--track:#eceff3;--bar:#3b6fb6;--k-never-read:#c2410c;--k-empty:#b45309;--k-anonymous:#6d28d9;--k-no-ttl:#be123c;--k-stale:#a16207;
--k-undecodable:#4b5563;--k-live:#15803d;--k-orphans:#b91c1c;--k-keys:#3b6fb6;--pass:#15803d;--fail:#b91c1c;--warn:#a16207;--skip:#6b7280}
@media (prefers-color-scheme:dark){:root{--bg:#14171b;--fg:#e4e7eb;--muted:#9aa4b0;--line:#323840;--panel:#1c2026;--link:#7cb4ff;
--track:#262b32;--bar:#6b9be0;--k-never-read:#fb923c;--k-empty:#fbbf24;--k-anonymous:#a78bfa;--k-no-ttl:#fb7185;--k-stale:#facc15;
--k-undecodable:#9ca3af;--k-live:#4ade80;--k-orphans:#f87171;--pass:#4ade80;--fail:#f87171;--warn:#facc15;--skip:#9ca3af}}
*{box-sizing:border-box}
body{margin:0 auto;max-width:1180px;padding:24px;background:var(--bg);color:var(--fg);font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"DejaVu Sans",sans-serif}
h1{font-size:22px;margin:0 0 4px}h2{font-size:18px;margin:28px 0 8px;border-bottom:1px solid var(--line);padding-bottom:4px}
h3{font-size:15px;margin:16px 0 6px}a{color:var(--link)}code,.mono{font-family:ui-monospace,"DejaVu Sans Mono",Menlo,monospace;font-size:12.5px;overflow-wrap:anywhere}
.sub{color:var(--muted);margin:0 0 16px}.muted{color:var(--muted)}
.facts{display:grid;grid-template-columns:repeat(auto-fill,minmax(150px,1fr));gap:8px;margin:12px 0}
.fact{background:var(--panel);border:1px solid var(--line);border-radius:6px;padding:8px 10px}.fact b{display:block;font-size:18px}
.fact span{color:var(--muted);font-size:12px}
section.block{border:1px solid var(--line);border-radius:8px;padding:12px 16px;margin:16px 0}section.block>h2:first-child{margin-top:0}
.pair{display:flex;flex-wrap:wrap;gap:16px 28px;align-items:flex-start;margin:8px 0}.pair>*{min-width:0}
.side{display:grid;grid-template-columns:1fr 1fr;gap:20px}@media (max-width:820px){.side{grid-template-columns:1fr}}
.hists{display:grid;grid-template-columns:repeat(auto-fill,minmax(390px,1fr));gap:12px 24px}figure{margin:0}figure.hist table.data{font-size:11px}figure.hist table.data th,figure.hist table.data td{padding:1px 4px}
table.data{border-collapse:collapse;font-size:12.5px;margin:4px 0}table.data caption{text-align:left;color:var(--muted);font-size:12px;padding-bottom:2px}
table.data th,table.data td{overflow-wrap:anywhere;border-bottom:1px solid var(--line);padding:3px 8px;text-align:left;vertical-align:top}
table.data .num{text-align:right;font-variant-numeric:tabular-nums}
svg.chart{font:11px system-ui,"DejaVu Sans",sans-serif;fill:var(--fg);max-width:100%;height:auto;overflow:visible}
svg.chart .track{fill:var(--track)}svg.chart .bar{fill:var(--bar)}svg.chart .axis{stroke:var(--line)}svg.chart .count{fill:var(--muted)}
.k-never-read{fill:var(--k-never-read)!important}.k-empty{fill:var(--k-empty)!important}.k-anonymous{fill:var(--k-anonymous)!important}
.k-no-ttl{fill:var(--k-no-ttl)!important}.k-stale{fill:var(--k-stale)!important}.k-undecodable{fill:var(--k-undecodable)!important}
.k-live{fill:var(--k-live)!important}.k-orphans{fill:var(--k-orphans)!important}
svg .seg.st-pass{fill:var(--pass)}svg .seg.st-fail{fill:var(--fail)}svg .seg.st-error{fill:var(--k-no-ttl)}svg .seg.st-unknown{fill:var(--warn)}svg .seg.st-skip{fill:var(--skip)}svg.chart .on-seg{fill:var(--bg);font-weight:600}
.verdict{background:var(--panel);border-left:4px solid var(--bar);padding:8px 12px;margin:8px 0}
.verdict.bad{border-left-color:var(--fail)}.verdict.ok{border-left-color:var(--pass)}
ul.signals{list-style:none;padding:0;margin:4px 0}ul.signals li{margin:2px 0}
.st{display:inline-block;min-width:62px;font-weight:600;font-size:12px;text-transform:uppercase}
.st-pass,.holds{color:var(--pass)}.st-fail,.st-error,.fails{color:var(--fail)}.st-unknown,.st-skip{color:var(--skip)}
.sev{font-weight:600}.sev-critical,.sev-high{color:var(--fail)}.sev-medium{color:var(--warn)}.sev-low,.sev-info{color:var(--muted)}
.problems{color:var(--fail)}.evidence{margin:6px 0 0 0}.evidence td:first-child{white-space:nowrap;color:var(--muted)}
table.matrix td.cell{text-align:center;font-weight:600}table.findings td:nth-child(-n+2),section.checks table.data td:nth-child(-n+3){white-space:nowrap;overflow-wrap:normal}
footer{margin-top:32px;color:var(--muted);font-size:12px}
@media print{:root{color-scheme:light}body{max-width:none;padding:0;font-size:11px}*{-webkit-print-color-adjust:exact;print-color-adjust:exact}
a{color:inherit;text-decoration:none}a[href^="http"]::after{content:" (" attr(href) ")";font-size:9px;color:var(--muted)}
section.block,table.data tr,svg.chart{break-inside:avoid}h2,h3{break-after:avoid}}
`;
