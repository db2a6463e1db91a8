package org.siplims.publisher.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.siplims.publisher.steps.Publisher;
import org.siplims.publisher.preflight.Preflight;
import org.siplims.publisher.report.Console;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "check", description = "Preflight only: engine, pinned bases, lock files, Git state. Reports every problem with its fix.")
final class CheckCommand extends BaseCommand {
    @Mixin
    ImageOptions image;
    @Mixin
    BuildOptions build;

    @Override
    ObjectNode run(Publisher publisher, Console console) {
        Preflight.Passed passed = publisher.check();
        console.report("Preflight passed: " + publisher.settings().image().withTag(passed.version()).familiar() + " from commit "
                + passed.git().commit() + (passed.dirty() ? " (dirty)" : "") + ", for " + passed.platform() + ".");
        return record("check", passed);
    }

    static ObjectNode record(String command, Preflight.Passed passed) {
        ObjectNode node = Console.mapper().createObjectNode();
        node.put("ok", true);
        node.put("command", command);
        node.put("version", passed.version());
        node.put("commit", passed.git().commit());
        node.put("dirty", passed.dirty());
        node.put("buildDate", passed.git().commitTime().toString());
        node.put("platform", passed.platform().toString());
        node.put("condaLockSha256", passed.locks().condaLockSha256());
        node.put("requirementsLockSha256", passed.locks().requirementsLockSha256());
        return node;
    }
}
