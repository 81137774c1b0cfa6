package dev.flemme4j.serving.kafka;

import dev.flemme4j.kafka.KafkaClients;
import dev.flemme4j.protocol.Topics;
import dev.flemme4j.serving.api.ApiException;
import dev.flemme4j.serving.api.ErrorReason;
import dev.flemme4j.serving.inference.InferenceCall;
import dev.flemme4j.serving.inference.InferenceResult;
import dev.flemme4j.serving.inference.InferenceService;
import dev.flemme4j.serving.sampling.SampleService;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.header.Header;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Consumes {@link Topics#INFER_REQUESTS} in consumer group {@link #GROUP} (more serving replicas share the
 * partitions), answers every record through the same {@link InferenceService} as HTTP, and produces the answer
 * to {@link Topics#INFER_RESPONSES} under the request's key. One poll's records run concurrently (so they batch);
 * their offsets are committed once all answers are sent, so a crash re-answers rather than drops (at least once).
 * A record without key, model or content type, or with a bad header, is answered with a 400 error record
 * naming the header and counted in {@code flemme_serving_kafka_garbled_records_total}; it never stops the loop.
 * Records with {@code flemme-endpoint: sample} carry the JSON of {@code POST /v1/models/{name}/sample} and go to the
 * {@link SampleService} (the same checks and samplers as HTTP).
 */
public final class KafkaInferenceEndpoint implements AutoCloseable {

    public static final String GROUP = "flemme-serving-infer";
    private static final Logger LOG = LoggerFactory.getLogger(KafkaInferenceEndpoint.class);

    private final Consumer<String, byte[]> consumer;
    private final Producer<String, byte[]> producer;
    private final InferenceService service;
    private final SampleService sampling;
    private final Counter garbled;
    private final Duration answerWait;
    private final Thread thread;
    private volatile boolean running = true;

    public KafkaInferenceEndpoint(Consumer<String, byte[]> consumer, Producer<String, byte[]> producer, InferenceService service,
            MeterRegistry meters, Duration answerWait) {
        this(consumer, producer, service, null, meters, answerWait);
    }

    /** @param sampling answers {@code flemme-endpoint: sample} records; null when this process does not sample */
    public KafkaInferenceEndpoint(Consumer<String, byte[]> consumer, Producer<String, byte[]> producer, InferenceService service,
            SampleService sampling, MeterRegistry meters, Duration answerWait) {
        this.consumer = consumer;
        this.producer = producer;
        this.service = service;
        this.sampling = sampling;
        this.answerWait = answerWait;
        this.garbled = Counter.builder("flemme.serving.kafka.garbled.records")
                .description("Inference request records that could not be read (missing key or headers, bad header values)")
                .register(meters);
        this.thread = new Thread(this::run, "flemme-serving-infer-kafka");
        this.thread.setDaemon(true);
    }

    /** Builds the clients with the one Kafka client factory and starts consuming. */
    public static KafkaInferenceEndpoint start(KafkaClients kafka, InferenceService service, MeterRegistry meters, Duration requestTimeout) {
        return start(kafka, service, null, meters, requestTimeout);
    }

    /** As {@link #start(KafkaClients, InferenceService, MeterRegistry, Duration)}, also answering sample requests. */
    public static KafkaInferenceEndpoint start(KafkaClients kafka, InferenceService service, SampleService sampling, MeterRegistry meters,
            Duration requestTimeout) {
        KafkaInferenceEndpoint e = new KafkaInferenceEndpoint(kafka.groupConsumer(GROUP, "flemme-serving-infer", 64),
                kafka.producer("flemme-serving-infer-responses"), service, sampling, meters, requestTimeout.plusSeconds(5));
        e.thread.start();
        return e;
    }

    /** Starts the loop on injected clients (tests). */
    public KafkaInferenceEndpoint startLoop() {
        thread.start();
        return this;
    }

    private void run() {
        try {
            consumer.subscribe(List.of(Topics.INFER_REQUESTS));
            while (running) {
                List<CompletableFuture<?>> sent = new ArrayList<>();
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    sent.add(answer(r));
                }
                if (!sent.isEmpty()) {
                    try {
                        CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new)).get(answerWait.toMillis(), TimeUnit.MILLISECONDS);
                    } catch (Exception e) {
                        LOG.warn("not all inference answers were sent: {}", e.toString());
                    }
                    producer.flush();
                    consumer.commitSync();
                }
            }
        } catch (WakeupException e) {
            // closing
        } catch (RuntimeException e) {
            if (running) {
                LOG.error("Kafka inference endpoint stopped: {}", e.toString(), e);
            }
        } finally {
            consumer.close(Duration.ofSeconds(2));
            producer.close(Duration.ofSeconds(2));
        }
    }

    private CompletableFuture<?> answer(ConsumerRecord<String, byte[]> r) {
        InferenceCall call;
        try {
            call = parse(r);
        } catch (ApiException e) {
            garbled.increment();
            LOG.warn("garbled inference request at {}-{}@{}: {}", r.topic(), r.partition(), r.offset(), e.getMessage());
            return send(r, e, null, null);
        }
        if (SampleService.ENDPOINT.equals(call.endpoint())) {
            return sample(r, call);
        }
        return service.infer(call).handle((result, t) -> {
            if (t == null) {
                return send(r, result);
            }
            Throwable cause = t instanceof CompletionException && t.getCause() != null ? t.getCause() : t;
            ApiException e = cause instanceof ApiException a ? a : new ApiException(500, ErrorReason.INTERNAL, "server", "internal error: " + cause.getMessage());
            return send(r, e, call.model(), null);
        }).thenCompose(f -> f);
    }

    /**
     * A sample request: the JSON body of {@code POST /v1/models/{name}/sample}; answered with the PNG grid or
     * tensor record, or an error record naming the field (sampling runs on the service's threads, not this loop).
     */
    private CompletableFuture<?> sample(ConsumerRecord<String, byte[]> r, InferenceCall call) {
        CompletableFuture<SampleService.Sample> result;
        if (sampling == null) {
            result = CompletableFuture.failedFuture(new ApiException(400, ErrorReason.WRONG_TASK, InferHeaders.ENDPOINT,
                    "this serving process does not sample"));
        } else if (!call.contentType().startsWith("application/json")) {
            result = CompletableFuture.failedFuture(new ApiException(415, ErrorReason.UNSUPPORTED_MEDIA_TYPE, InferHeaders.CONTENT_TYPE,
                    "sample requests are JSON (application/json), found " + call.contentType()));
        } else {
            JsonObject body;
            try {
                body = call.body() == null || call.body().length == 0 ? new JsonObject()
                        : new JsonObject(new String(call.body(), StandardCharsets.UTF_8));
                result = sampling.sample(call.model(), body);
            } catch (DecodeException | ClassCastException e) {
                result = CompletableFuture.failedFuture(new ApiException(400, ErrorReason.BAD_TENSOR, "body",
                        "expected a JSON object: " + e.getMessage()));
            }
        }
        return result.handle((sample, t) -> {
            if (t == null) {
                ProducerRecord<String, byte[]> out = new ProducerRecord<>(Topics.INFER_RESPONSES, r.key(), sample.bytes());
                InferHeaders.put(out.headers(), InferHeaders.STATUS, "200");
                InferHeaders.put(out.headers(), InferHeaders.CONTENT_TYPE, sample.contentType());
                InferHeaders.put(out.headers(), InferHeaders.MODEL, sample.model());
                InferHeaders.put(out.headers(), InferHeaders.VERSION, Integer.toString(sample.version()));
                return produce(out);
            }
            Throwable cause = t instanceof CompletionException && t.getCause() != null ? t.getCause() : t;
            ApiException e = cause instanceof ApiException a ? a : new ApiException(500, ErrorReason.INTERNAL, "server", "internal error: " + cause.getMessage());
            return send(r, e, call.model(), null);
        }).thenCompose(f -> f);
    }

    private static InferenceCall parse(ConsumerRecord<String, byte[]> r) {
        if (r.key() == null || r.key().isBlank()) {
            throw new ApiException(400, ErrorReason.BAD_TENSOR, "key", "inference request records need the request id as key");
        }
        String model = InferHeaders.get(r.headers(), InferHeaders.MODEL);
        if (model == null || model.isBlank()) {
            throw new ApiException(400, ErrorReason.UNKNOWN_MODEL, InferHeaders.MODEL, "missing header " + InferHeaders.MODEL + " naming the model");
        }
        String contentType = InferHeaders.get(r.headers(), InferHeaders.CONTENT_TYPE);
        if (contentType == null) {
            throw new ApiException(400, ErrorReason.UNSUPPORTED_MEDIA_TYPE, InferHeaders.CONTENT_TYPE, "missing header " + InferHeaders.CONTENT_TYPE);
        }
        String v = InferHeaders.get(r.headers(), InferHeaders.VERSION);
        Integer version;
        try {
            version = v == null ? null : Integer.valueOf(v.trim());
        } catch (NumberFormatException e) {
            throw new ApiException(400, ErrorReason.BAD_VALUE, InferHeaders.VERSION, "Invalid value '" + v + "' for header " + InferHeaders.VERSION + ": expected an integer");
        }
        Map<String, String> query = new HashMap<>();
        for (Header h : r.headers()) {
            if (h.key().startsWith(InferHeaders.PARAM_PREFIX) && h.value() != null) {
                query.put(h.key().substring(InferHeaders.PARAM_PREFIX.length()), new String(h.value(), StandardCharsets.UTF_8));
            }
        }
        return new InferenceCall(model, InferHeaders.get(r.headers(), InferHeaders.ENDPOINT), version, contentType,
                InferHeaders.get(r.headers(), InferHeaders.ACCEPT), query, r.value());
    }

    private CompletableFuture<?> send(ConsumerRecord<String, byte[]> request, InferenceResult result) {
        ProducerRecord<String, byte[]> out = new ProducerRecord<>(Topics.INFER_RESPONSES, request.key(), result.reply().body());
        InferHeaders.put(out.headers(), InferHeaders.STATUS, "200");
        InferHeaders.put(out.headers(), InferHeaders.CONTENT_TYPE, result.reply().contentType());
        InferHeaders.put(out.headers(), InferHeaders.MODEL, result.model());
        InferHeaders.put(out.headers(), InferHeaders.VERSION, Integer.toString(result.version()));
        return produce(out);
    }

    private CompletableFuture<?> send(ConsumerRecord<String, byte[]> request, ApiException e, String model, Integer version) {
        String key = request.key() == null ? "" : request.key();
        byte[] body = e.toJson().encode().getBytes(StandardCharsets.UTF_8);
        ProducerRecord<String, byte[]> out = new ProducerRecord<>(Topics.INFER_RESPONSES, key, body);
        InferHeaders.put(out.headers(), InferHeaders.STATUS, Integer.toString(e.status()));
        InferHeaders.put(out.headers(), InferHeaders.CONTENT_TYPE, "application/json");
        InferHeaders.put(out.headers(), InferHeaders.MODEL, model);
        if (version != null) {
            InferHeaders.put(out.headers(), InferHeaders.VERSION, version.toString());
        }
        return produce(out);
    }

    private CompletableFuture<?> produce(ProducerRecord<String, byte[]> out) {
        CompletableFuture<Object> done = new CompletableFuture<>();
        producer.send(out, (meta, ex) -> {
            if (ex != null) {
                LOG.warn("could not send inference answer {}: {}", out.key(), ex.toString());
            }
            done.complete(null);
        });
        return done;
    }

    @Override
    public void close() {
        running = false;
        consumer.wakeup();
        try {
            thread.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
