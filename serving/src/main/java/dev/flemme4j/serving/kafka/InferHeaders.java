package dev.flemme4j.serving.kafka;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

/**
 * Header names of inference records, both directions. Request: {@link #MODEL} (required), {@link #CONTENT_TYPE}
 * (required), {@link #VERSION}, {@link #ENDPOINT}, {@link #ACCEPT} and {@code flemme-param-NAME} for what HTTP
 * takes as query parameters. Response: {@link #STATUS} (the HTTP status code it would have had),
 * {@link #CONTENT_TYPE}, {@link #MODEL}, {@link #VERSION}.
 */
public final class InferHeaders {
    public static final String MODEL = "flemme-model";
    public static final String VERSION = "flemme-version";
    public static final String ENDPOINT = "flemme-endpoint";
    public static final String CONTENT_TYPE = "content-type";
    public static final String ACCEPT = "accept";
    public static final String STATUS = "flemme-status";
    public static final String PARAM_PREFIX = "flemme-param-";

    private InferHeaders() {
    }

    /** The last value of {@code name} as UTF-8, or null. */
    public static String get(Headers headers, String name) {
        Header h = headers.lastHeader(name);
        return h == null || h.value() == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    public static void put(Headers headers, String name, String value) {
        if (value != null) {
            headers.remove(name);
            headers.add(name, value.getBytes(StandardCharsets.UTF_8));
        }
    }
}
