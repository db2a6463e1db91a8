package org.siplims.core.signing;

import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.SignatureException;
import java.security.interfaces.ECKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;

/** ECDSA on NIST P-256 with SHA-256, the one scheme used here (cosign's default for key pairs). */
final class P256 {
    static final String CURVE = "secp256r1";
    /** DER-encoded (ASN.1 SEQUENCE of r and s) signatures, as cosign writes and reads them. */
    static final String SIGNATURE_ALGORITHM = "SHA256withECDSA";
    private static final ECParameterSpec PARAMS = params();

    private P256() {
    }

    /** Whether this is an EC key on P-256 (ECParameterSpec has no equals: compare its parts). */
    static boolean isP256(Key key) {
        if (!(key instanceof ECKey ec)) {
            return false;
        }
        ECParameterSpec p = ec.getParams();
        return p.getCurve().equals(PARAMS.getCurve()) && p.getGenerator().equals(PARAMS.getGenerator())
                && p.getOrder().equals(PARAMS.getOrder()) && p.getCofactor() == PARAMS.getCofactor();
    }

    static byte[] sign(PrivateKey key, byte[] data) {
        try {
            Signature signature = Signature.getInstance(SIGNATURE_ALGORITHM);
            signature.initSign(key);
            signature.update(data);
            return signature.sign();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("ECDSA P-256 signing is part of every JDK 17", e);
        }
    }

    /** False for any signature that does not verify, including malformed DER. */
    static boolean verify(PublicKey key, byte[] data, byte[] signatureDer) {
        try {
            Signature signature = Signature.getInstance(SIGNATURE_ALGORITHM);
            signature.initVerify(key);
            signature.update(data);
            return signature.verify(signatureDer);
        } catch (SignatureException e) {
            return false;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("ECDSA P-256 verification is part of every JDK 17", e);
        }
    }

    private static ECParameterSpec params() {
        try {
            AlgorithmParameters params = AlgorithmParameters.getInstance("EC");
            params.init(new ECGenParameterSpec(CURVE));
            return params.getParameterSpec(ECParameterSpec.class);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("P-256 is part of every JDK 17", e);
        }
    }
}
