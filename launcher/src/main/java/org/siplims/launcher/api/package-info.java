/**
 * The local HTTP server on 127.0.0.1: the JSON API, the server-sent event stream, the status
 * page and the request guard (host, origin, CSRF token). Uses launcher.lifecycle for actions,
 * launcher.status for what it reports, launcher.paths and core.
 */
package org.siplims.launcher.api;
