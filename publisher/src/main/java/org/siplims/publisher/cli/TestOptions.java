package org.siplims.publisher.cli;

import picocli.CommandLine.Option;

/** How the smoke run decides the app started. */
public class TestOptions {
    @Option(names = "--health-path", paramLabel = "PATH", description = "The path, starting with /, that must answer HTTP 200 once the app runs (default: \"healthPath\" in publisher.json, else /_stcore/health).")
    String healthPath;

    @Option(names = "--port", paramLabel = "PORT", description = "The port the app listens on inside the container (default: \"port\" in publisher.json, else 8501).")
    Integer port;

    @Option(names = "--health-timeout", paramLabel = "SECONDS", description = "How long the app may take to answer (default: \"healthTimeoutSeconds\" in publisher.json, else 90).")
    Integer healthTimeoutSeconds;
}
