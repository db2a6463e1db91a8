package org.siplims.publisher.signing;

import org.siplims.publisher.failure.ExitCode;
import org.siplims.publisher.failure.PublisherFailure;

/** A release's signature did not verify with the trusted keys: exit 6, with the reason. */
public class SignatureRefusedException extends PublisherFailure {
    private static final long serialVersionUID = 1L;
    private final SignatureReport report;

    public SignatureRefusedException(SignatureReport report, String hint) {
        super(ExitCode.PUSH, report.message(), hint);
        this.report = report;
    }

    public SignatureReport report() {
        return report;
    }
}
