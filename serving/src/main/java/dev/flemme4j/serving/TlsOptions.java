package dev.flemme4j.serving;

import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.net.KeyStoreOptions;
import io.vertx.core.net.PemKeyCertOptions;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * HTTPS for serving: a PEM key + certificate pair, or a PKCS#12/JKS keystore with its password. Files are
 * checked at start so a typo fails before the port opens.
 */
public record TlsOptions(Path keyPem, Path certPem, Path keystore, String keystorePassword) {

    public static TlsOptions pem(Path key, Path cert) {
        return new TlsOptions(key, cert, null, null);
    }

    public static TlsOptions keystore(Path keystore, String password) {
        return new TlsOptions(null, null, keystore, password);
    }

    public TlsOptions {
        boolean pem = keyPem != null || certPem != null;
        if (pem == (keystore != null)) {
            throw new IllegalArgumentException("TLS needs either --tls-key and --tls-cert (PEM) or --tls-keystore, not both or neither");
        }
        if (pem && (keyPem == null || certPem == null)) {
            throw new IllegalArgumentException("TLS with PEM files needs both --tls-key and --tls-cert");
        }
    }

    /** Turns SSL on in {@code http} with this key material; fails naming an unreadable file. */
    public void applyTo(HttpServerOptions http) {
        for (Path p : new Path[] {keyPem, certPem, keystore}) {
            if (p != null && !Files.isReadable(p)) {
                throw new IllegalArgumentException("TLS file " + p + " is not readable");
            }
        }
        http.setSsl(true);
        if (keystore != null) {
            http.setKeyCertOptions(new KeyStoreOptions().setType(keystore.toString().endsWith(".jks") ? "JKS" : "PKCS12")
                    .setPath(keystore.toString()).setPassword(keystorePassword));
        } else {
            http.setKeyCertOptions(new PemKeyCertOptions().setKeyPath(keyPem.toString()).setCertPath(certPem.toString()));
        }
    }
}
