package org.siplims.launcher.status;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.siplims.launcher.status.LauncherState.CHECKING;
import static org.siplims.launcher.status.LauncherState.DOCKER_UNAVAILABLE;
import static org.siplims.launcher.status.LauncherState.ERROR;
import static org.siplims.launcher.status.LauncherState.NEEDS_PROJECT;
import static org.siplims.launcher.status.LauncherState.PULLING;
import static org.siplims.launcher.status.LauncherState.RUNNING;
import static org.siplims.launcher.status.LauncherState.STARTING;
import static org.siplims.launcher.status.LauncherState.STOPPED;
import static org.siplims.launcher.status.LauncherState.STOPPING;

import java.net.URI;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

class StateMachineTest {
    private static final URI APP = URI.create("http://localhost:8501/");

    private static StateMachine machine() {
        return new StateMachine(new StatusStore(Status.initial(Optional.empty(), Optional.empty(), Optional.empty()), new EventBus<>()));
    }

    @Test
    void theTableIsTheOneTheLauncherFollows() {
        Set<LauncherState> always = EnumSet.of(ERROR, DOCKER_UNAVAILABLE, STOPPING);
        assertAllowed(CHECKING, EnumSet.of(CHECKING, NEEDS_PROJECT, PULLING, STARTING), always);
        assertAllowed(DOCKER_UNAVAILABLE, EnumSet.of(CHECKING, NEEDS_PROJECT), always);
        assertAllowed(NEEDS_PROJECT, EnumSet.of(NEEDS_PROJECT, CHECKING), always);
        assertAllowed(PULLING, EnumSet.of(PULLING, STARTING, RUNNING, CHECKING), always);
        assertAllowed(STARTING, EnumSet.of(STARTING, RUNNING, CHECKING), always);
        assertAllowed(RUNNING, EnumSet.of(RUNNING, PULLING, STARTING, CHECKING), always);
        assertAllowed(ERROR, EnumSet.of(RUNNING, CHECKING, NEEDS_PROJECT, PULLING, STARTING), always);
        assertAllowed(STOPPING, EnumSet.of(STOPPED, CHECKING, NEEDS_PROJECT), always);
        assertAllowed(STOPPED, EnumSet.of(CHECKING, NEEDS_PROJECT), always);
    }

    private static void assertAllowed(LauncherState from, Set<LauncherState> to, Set<LauncherState> always) {
        Set<LauncherState> expected = EnumSet.copyOf(to);
        expected.addAll(always);
        for (LauncherState target : LauncherState.values()) {
            assertEquals(expected.contains(target), StateMachine.allowed(from, target), from + " -> " + target);
        }
    }

    @Test
    void aFirstStartGoesFromCheckingToRunning() {
        StateMachine m = machine();
        m.checking("Checking…");
        m.downloading("Downloading…");
        m.pullProgress(new PullProgress(5, 10));
        assertEquals(Optional.of(new PullProgress(5, 10)), m.get().pull());
        m.starting("Starting…");
        assertEquals(Optional.empty(), m.get().pull(), "progress is kept only while pulling");
        Status running = m.running("Ready.", APP, UnaryOperator.identity());
        assertEquals(RUNNING, running.state());
        assertEquals(Optional.of(APP), running.appUrl());
    }

    @Test
    void anIllegalTransitionIsRefusedAndChangesNothing() {
        StateMachine m = machine();
        m.stopping("Stopping…");
        Status before = m.get();

        assertThrows(StateMachine.IllegalTransitionException.class, () -> m.running("Ready.", APP, UnaryOperator.identity()));
        assertThrows(StateMachine.IllegalTransitionException.class, () -> m.starting("Starting…"));
        assertEquals(before, m.get());
        assertEquals(STOPPED, m.stopped("Stopped.").state());
    }

    @Test
    void amendRefusesToChangeTheState() {
        StateMachine m = machine();
        assertThrows(StateMachine.IllegalTransitionException.class, () -> m.amend(s -> s.with(RUNNING, "sneaky")));
        assertEquals(CHECKING, m.get().state());
        assertEquals("w", m.amend(s -> s.withFolders(Optional.empty(), Optional.empty(), Optional.of("w"))).workflow().orElseThrow());
    }

    @Test
    void theWatchersReportsApplyOnlyToTheCurrentContainer() {
        StateMachine m = machine();
        m.starting("Starting…");
        m.amend(s -> s.withContainer(Optional.of(new ContainerInfo("c1", "app", "running", "starting"))));
        m.running("Ready.", APP, UnaryOperator.identity());

        assertFalse(m.appFailed("c0", "An old container stopped.", "exited", "unhealthy"));
        assertEquals(RUNNING, m.get().state());
        assertTrue(m.appFailed("c1", "It stopped.", "exited", "unhealthy"));
        assertEquals(ERROR, m.get().state());
        assertEquals(Optional.empty(), m.get().appUrl());
        assertTrue(m.appRecovered("c1", "It answers again.", APP));
        assertEquals(RUNNING, m.get().state());

        m.stopping("Stopping…");
        assertFalse(m.appRecovered("c1", "too late", APP), "not while the worker stops it");
        assertEquals(STOPPING, m.get().state());
    }

    @Test
    void dockerLostForgetsTheContainerAndTheAddress() {
        StateMachine m = machine();
        m.starting("Starting…");
        m.amend(s -> s.withContainer(Optional.of(new ContainerInfo("c1", "app", "running", "healthy"))));
        m.running("Ready.", APP, UnaryOperator.identity());

        Status s = m.dockerLost("Docker stopped answering.");

        assertEquals(DOCKER_UNAVAILABLE, s.state());
        assertEquals(Optional.empty(), s.container());
        assertEquals(Optional.empty(), s.appUrl());
        assertEquals(DockerInfo.UNKNOWN, s.docker());
    }

    @Test
    void changesArePublishedInOrder() throws Exception {
        EventBus<Status> bus = new EventBus<>();
        StateMachine m = new StateMachine(new StatusStore(Status.initial(Optional.empty(), Optional.empty(), Optional.empty()), bus));
        List<LauncherState> seen = new ArrayList<>();
        CountDownLatch done = new CountDownLatch(1);
        bus.subscribe(s -> {
            seen.add(s.state());
            if (s.state() == STOPPED) {
                done.countDown();
            }
        });
        m.checking("a");
        m.starting("b");
        m.running("c", APP, UnaryOperator.identity());
        m.stopping("d");
        m.stopped("e");
        assertTrue(done.await(5, TimeUnit.SECONDS));
        assertEquals(List.of(CHECKING, STARTING, RUNNING, STOPPING, STOPPED), seen);
        bus.close();
    }
}
