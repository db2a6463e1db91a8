package org.siplims.launcher.api;

import io.javalin.http.sse.SseClient;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.siplims.launcher.status.EventBus;
import org.siplims.launcher.status.Status;

/**
 * {@code GET /api/events}: server-sent events, one named {@code status} per change, whose data is
 * the same JSON as {@code GET /api/status}. A new client gets the current status at once. A comment
 * line every 15 seconds keeps idle connections open through proxies and finds closed ones.
 */
final class EventStream {
    static final String EVENT_NAME = "status";
    private final Set<SseClient> clients = ConcurrentHashMap.newKeySet();

    EventStream(EventBus<Status> changes) {
        changes.subscribe(this::broadcast);
    }

    synchronized void join(SseClient client, Status current) {
        client.keepAlive();
        client.onClose(() -> clients.remove(client));
        clients.add(client);
        client.sendEvent(EVENT_NAME, StatusJson.toJsonString(current));
    }

    private synchronized void broadcast(Status status) {
        String json = StatusJson.toJsonString(status);
        for (SseClient client : clients) {
            if (client.terminated()) {
                clients.remove(client);
            } else {
                client.sendEvent(EVENT_NAME, json);
            }
        }
    }

    synchronized void heartbeat() {
        for (SseClient client : clients) {
            if (client.terminated()) {
                clients.remove(client);
            } else {
                client.sendComment("keep-alive");
            }
        }
    }

    synchronized void closeAll() {
        clients.forEach(SseClient::close);
        clients.clear();
    }
}
