package org.siplims.core.signing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.security.spec.InvalidKeySpecException;
import javax.crypto.Cipher;
import javax.crypto.EncryptedPrivateKeyInfo;
import javax.crypto.SecretKey;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.PBEParameterSpec;

/**
 * PKCS#8 {@code EncryptedPrivateKeyInfo} with PBES2 (PBKDF2-HMAC-SHA256, AES-256-CBC), the JDK's
 * {@code PBEWithHmacSHA256AndAES_256}. It is what OpenSSL 3 writes for {@code -aes256} and reads
 * without options, so a maintainer can inspect or convert the key with standard tools.
 */
final class PrivateKeyEncryption {
    static final String ALGORITHM = "PBEWithHmacSHA256AndAES_256";
    /** OWASP's 2023 figure for PBKDF2-HMAC-SHA256; costs about half a second per use here. */
    static final int ITERATIONS = 600_000;
    /** 1.2.840.113549.1.5.13, id-PBES2, DER-encoded with its tag and length. */
    private static final byte[] PBES2_OID = {0x06, 0x09, 0x2a, (byte) 0x86, 0x48, (byte) 0x86, (byte) 0xf7, 0x0d, 0x01, 0x05, 0x0d};
    private static final SecureRandom RANDOM = new SecureRandom();

    /** The passphrase did not decrypt the key. */
    static final class WrongPassphraseException extends Exception {
        private static final long serialVersionUID = 1L;
        WrongPassphraseException(Throwable cause) {
            super("wrong passphrase", cause);
        }
    }

    private PrivateKeyEncryption() {
    }

    /** The DER of an EncryptedPrivateKeyInfo holding this PKCS#8 key, under a fresh salt and IV. */
    static byte[] encrypt(byte[] pkcs8, char[] passphrase) throws GeneralSecurityException {
        byte[] salt = new byte[16];
        byte[] iv = new byte[16];
        RANDOM.nextBytes(salt);
        RANDOM.nextBytes(iv);
        Cipher cipher = Cipher.getInstance(ALGORITHM);
        cipher.init(Cipher.ENCRYPT_MODE, secretKey(passphrase), new PBEParameterSpec(salt, ITERATIONS, new IvParameterSpec(iv)));
        byte[] encrypted = cipher.doFinal(pkcs8);
        // JDK 17's EncryptedPrivateKeyInfo(AlgorithmParameters, byte[]) rejects PBES2 parameters
        // ("unrecognized algorithm name", fixed only in later JDKs), so the two-field structure is
        // written here; the parameters' own DER (PBES2-params) comes from the JDK.
        byte[] params;
        try {
            params = cipher.getParameters().getEncoded();
        } catch (IOException e) {
            throw new GeneralSecurityException("cannot encode the PBES2 parameters", e);
        }
        byte[] algorithmIdentifier = der(0x30, concat(PBES2_OID, params));
        return der(0x30, concat(algorithmIdentifier, der(0x04, encrypted)));
    }

    /**
     * The PKCS#8 key inside an EncryptedPrivateKeyInfo. Any PBES2 scheme the JDK knows is read
     * (OpenSSL's defaults included); the parameters come from the file.
     *
     * @throws WrongPassphraseException when decryption fails (the padding or the key inside is wrong)
     * @throws GeneralSecurityException when the structure or its algorithm is not supported
     */
    static byte[] decrypt(byte[] encryptedPrivateKeyInfo, char[] passphrase)
            throws WrongPassphraseException, GeneralSecurityException {
        EncryptedPrivateKeyInfo info;
        try {
            info = new EncryptedPrivateKeyInfo(encryptedPrivateKeyInfo);
        } catch (IOException e) {
            throw new GeneralSecurityException("not an EncryptedPrivateKeyInfo", e);
        }
        AlgorithmParameters params = info.getAlgParameters();
        if (params == null) {
            throw new GeneralSecurityException("the encryption algorithm " + info.getAlgName() + " is not supported");
        }
        // For PBES2 getAlgName() says only "PBES2"; the parameters name the full scheme.
        String scheme = params.toString();
        Cipher cipher = Cipher.getInstance(scheme);
        SecretKey key = SecretKeyFactory.getInstance(scheme).generateSecret(new PBEKeySpec(passphrase));
        cipher.init(Cipher.DECRYPT_MODE, key, params);
        try {
            return info.getKeySpec(cipher).getEncoded();
        } catch (InvalidKeySpecException e) {
            // A wrong passphrase shows up as bad padding, which the JDK reports this way.
            throw new WrongPassphraseException(e);
        }
    }

    private static SecretKey secretKey(char[] passphrase) throws GeneralSecurityException {
        PBEKeySpec spec = new PBEKeySpec(passphrase);
        try {
            return SecretKeyFactory.getInstance(ALGORITHM).generateSecret(spec);
        } finally {
            spec.clearPassword();
        }
    }

    /** One DER tag-length-value (definite length, short or long form). */
    private static byte[] der(int tag, byte[] content) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(tag);
        int length = content.length;
        if (length < 0x80) {
            out.write(length);
        } else {
            int bytes = length < 0x100 ? 1 : length < 0x10000 ? 2 : length < 0x1000000 ? 3 : 4;
            out.write(0x80 | bytes);
            for (int i = bytes - 1; i >= 0; i--) {
                out.write(length >>> (8 * i));
            }
        }
        out.writeBytes(content);
        return out.toByteArray();
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] result = new byte[a.length + b.length];
        System.arraycopy(a, 0, result, 0, a.length);
        System.arraycopy(b, 0, result, a.length, b.length);
        return result;
    }
}
