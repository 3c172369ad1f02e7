/**
 * The dashboard: server-rendered pages (Qute, escaped), a read-only JSON API, server-sent events
 * for a running run, over the knowledge base. Each page has a view class that reads the store
 * ({@link io.archlab.app.web.Boards} the leaderboard, {@link io.archlab.app.web.Fronts} the Pareto
 * front, {@link io.archlab.app.web.LineageGraphs} the lineage, {@link io.archlab.app.web.CandidateDetails}
 * a candidate, ...), most of them over a per-run digest ({@link io.archlab.app.web.RunSnapshot})
 * cached until the run changes; the resources only glue views to templates and JSON. Before any
 * route, filters add the {@link io.archlab.app.web.SecurityHeaders} and refuse a request whose Host
 * the dashboard is not served under ({@link io.archlab.app.web.HostCheck}); {@link io.archlab.app.web.Assets}
 * gives the dashboard's own static files URLs that change with their content.
 */
package io.archlab.app.web;
