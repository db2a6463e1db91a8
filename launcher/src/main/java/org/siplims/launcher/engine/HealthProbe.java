package org.siplims.launcher.engine;

import java.time.Duration;
import org.siplims.core.docker.LoopbackHealth;

/** Asks the app the question Streamlit answers when it is ready: GET /_stcore/health → 200. */
public final class HealthProbe {
    public static final String HEALTH_PATH = "/_stcore/health";
    private final LoopbackHealth health = new LoopbackHealth(Duration.ofSeconds(2));

    /** The probe itself, for waits that share it (its HTTP client is made once, on first use). */
    public LoopbackHealth loopback() {
        return health;
    }

    /** True when the app on this loopback port answers its health path with 200 within two seconds. */
    public boolean healthy(int appPort) throws InterruptedException {
        return health.ask(appPort, HEALTH_PATH).ok();
    }
}
