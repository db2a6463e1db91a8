package org.siplims.publisher.preflight;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class DockerfileBasesTest {
    private static final String DIGEST = "sha256:" + "a".repeat(64);

    @Test
    void aBasePinnedByDigestPasses() {
        assertEquals(List.of(), DockerfileBases.check("Dockerfile", "FROM continuumio/miniconda3@" + DIGEST + "\nRUN echo hi\n"));
        assertEquals(List.of(), DockerfileBases.check("Dockerfile", "FROM continuumio/miniconda3:25.1.1-2@" + DIGEST + "\n"));
    }

    @Test
    void aTagOnlyBaseIsRefusedNamingTheLineAndTheFix() {
        List<Problem> problems = DockerfileBases.check("Dockerfile", "# the app\n\nFROM continuumio/miniconda3:25.1.1-2\nRUN true\n");
        assertEquals(1, problems.size());
        Problem p = problems.get(0);
        assertEquals("Dockerfile:3", p.where());
        assertTrue(p.what().contains("continuumio/miniconda3:25.1.1-2"), p.what());
        assertTrue(p.what().contains("tag '25.1.1-2'"), p.what());
        assertTrue(p.fix().contains("continuumio/miniconda3:25.1.1-2@sha256:<digest>"), p.fix());
    }

    @Test
    void latestAndNoTagAreRefused() {
        List<Problem> problems = DockerfileBases.check("Dockerfile", "FROM python:latest\nFROM python\n");
        assertEquals(2, problems.size());
        assertTrue(problems.get(0).what().contains("'latest'"));
        assertEquals("Dockerfile:2", problems.get(1).where());
        assertTrue(problems.get(1).what().contains("no tag"));
    }

    @Test
    void stageNamesAndScratchAreAllowed() {
        String text = "FROM python@" + DIGEST + " AS build\nRUN make\n"
                + "from build as test\nRUN make test\n"
                + "FROM BUILD AS again\n"
                + "FROM scratch\nCOPY --from=build /app /app\n";
        assertEquals(List.of(), DockerfileBases.check("Dockerfile", text));
    }

    @Test
    void aStageCannotBeUsedBeforeItIsDefined() {
        List<Problem> problems = DockerfileBases.check("Dockerfile", "FROM build\nFROM python@" + DIGEST + " AS build\n");
        assertEquals(1, problems.size());
        assertEquals("Dockerfile:1", problems.get(0).where());
    }

    @Test
    void platformFlagsAndContinuationLinesAreUnderstood() {
        String text = "FROM --platform=$BUILDPLATFORM \\\n    python:3.11 \\\n    AS build\nFROM --platform=linux/arm64 python@" + DIGEST + "\n";
        List<Problem> problems = DockerfileBases.check("Dockerfile", text);
        assertEquals(1, problems.size());
        assertEquals("Dockerfile:1", problems.get(0).where());
        assertTrue(problems.get(0).what().contains("python:3.11"));
    }

    @Test
    void aBaseFromAGlobalArgIsCheckedWithItsDefault() {
        assertEquals(List.of(), DockerfileBases.check("Dockerfile", "ARG BASE=python@" + DIGEST + "\nFROM ${BASE}\n"));
        List<Problem> floating = DockerfileBases.check("Dockerfile", "ARG BASE=python:3.11\nFROM $BASE\n");
        assertEquals(1, floating.size());
        assertTrue(floating.get(0).what().contains("(= python:3.11)"), floating.get(0).what());
        List<Problem> unknown = DockerfileBases.check("Dockerfile", "ARG BASE\nFROM ${BASE}\n");
        assertEquals(1, unknown.size());
        assertTrue(unknown.get(0).what().contains("build argument"));
    }

    @Test
    void everyProblemIsReportedNotJustTheFirst() {
        List<Problem> problems = DockerfileBases.check("Dockerfile", "FROM a:1 AS one\nFROM b:2 AS two\nFROM Bad/Name@" + DIGEST + "\n");
        assertEquals(List.of("Dockerfile:1", "Dockerfile:2", "Dockerfile:3"), problems.stream().map(Problem::where).toList());
        assertTrue(problems.get(2).what().contains("lower case"), problems.get(2).what());
    }

    @Test
    void aDockerfileWithoutFromIsRefused() {
        List<Problem> problems = DockerfileBases.check("Dockerfile", "# nothing\nRUN true\n");
        assertEquals(1, problems.size());
        assertTrue(problems.get(0).what().contains("no FROM"));
    }

    @Test
    void commentsInsideContinuedInstructionsAndOtherEscapeCharactersWork() {
        String text = "# escape=`\nFROM python:3.11 `\n# a comment in between\n  AS build\n";
        List<DockerfileBases.From> froms = DockerfileBases.froms(text);
        assertEquals(1, froms.size());
        assertEquals(2, froms.get(0).line());
        assertEquals("python:3.11", froms.get(0).image());
        assertEquals("build", froms.get(0).stageName().orElseThrow());
    }
}
