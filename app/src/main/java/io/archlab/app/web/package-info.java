/** The dashboard: server-rendered pages and the read-only JSON API over the knowledge base. */
package io.archlab.app.web;
