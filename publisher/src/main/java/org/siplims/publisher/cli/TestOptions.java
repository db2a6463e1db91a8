package org.siplims.publisher.cli;

import picocli.CommandLine.Option;

/** How the smoke run decides the app started. */
public class TestOptions {
    @Option(names = "--health-path", paramLabel = "PATH", description = "The path, starting with /, that must answer HTTP 200 once the app runs (default: /_stcore/health).")
    String healthPath;

    @Option(names = "--port", paramLabel = "PORT", description = "The port the app listens on inside the container (default: 8501).")
    Integer port;

    @Option(names = "--health-timeout", paramLabel = "SECONDS", description = "How long the app may take to answer (default: 90).")
    Integer healthTimeoutSeconds;
}
