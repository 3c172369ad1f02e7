/**
 * The dashboard: server-rendered pages (Qute, escaped), a read-only JSON API, server-sent events
 * for a running run, over the knowledge base. Each page has a view class that reads the store
 * ({@link io.archlab.app.web.Boards} the leaderboard, {@link io.archlab.app.web.Fronts} the Pareto
 * front, {@link io.archlab.app.web.LineageGraphs} the lineage, {@link io.archlab.app.web.CandidateDetails}
 * a candidate, ...), most of them over a per-run digest ({@link io.archlab.app.web.RunSnapshot})
 * cached until the run changes; the resources only glue views to templates and JSON.
 */
package io.archlab.app.web;
