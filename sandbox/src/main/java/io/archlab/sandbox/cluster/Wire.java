package io.archlab.sandbox.cluster;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.archlab.sandbox.train.TrialRequest;
import io.archlab.sandbox.train.TrialResult;
import java.util.Map;

/** The messages that cross the cluster: JSON, signed with the {@link ClusterSecret}. */
final class Wire {
    static final ObjectMapper JSON = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();

    private Wire() {
    }

    /**
     * What a worker member loads once for the trials of one run.
     *
     * @param task     task name
     * @param data     the data's path on the coordinator (a directory or a file), {@code subset} for the
     *                 shipped subset, or null for generated data
     * @param files    checksum (SHA-256) of each data file by name, as the coordinator read them
     * @param seqLen   sequence length, 0 for the default
     * @param vocab    vocabulary, 0 for the default
     * @param validationFraction share of the training set carved for validation
     */
    record TaskSpec(String task, String data, Map<String, String> files, int seqLen, int vocab,
            double validationFraction) {
        TaskSpec {
            files = files == null ? Map.of() : Map.copyOf(files);
        }

        /** A key that changes with anything a worker would load differently. */
        String key() {
            return sha256(task + "|" + data + "|" + new java.util.TreeMap<>(files) + "|" + seqLen + "|" + vocab + "|"
                    + validationFraction).substring(0, 16);
        }
    }

    /**
     * A trial for a worker member.
     *
     * @param dispatchId this dispatch: its result must name it (a result of an earlier dispatch of the
     *                  same trial, or of its checks, is not taken for this one)
     * @param trialId   the trial's id
     * @param attempt   1 for the first dispatch, one more for each re-dispatch
     * @param member    the worker member it is for
     * @param task      what the worker must have loaded
     * @param request   the trial (its weights path is the worker's business)
     * @param weights   whether the trained weights are to be sent back
     * @param sentMillis when the coordinator sent it
     */
    record Dispatch(String dispatchId, String trialId, int attempt, String member, TaskSpec task, TrialRequest request,
            boolean weights, long sentMillis) {
    }

    /**
     * A worker member's result of one dispatch.
     *
     * @param dispatchId the dispatch it answers
     * @param trialId    the trial
     * @param attempt    the dispatch's attempt
     * @param member     the worker member
     * @param worker     which of its processes ran it
     * @param result     the trial's result
     * @param weights    the trained weights, Base64, or null
     * @param runSeconds how long the trial took on the worker, from receipt to result
     * @param infrastructure true when the member could not run the trial at all (its data, its trial
     *                   processes): the coordinator dispatches it again rather than record it
     */
    record Result(String dispatchId, String trialId, int attempt, String member, String worker, TrialResult result,
            String weights, double runSeconds, boolean infrastructure) {
    }

    /**
     * A worker member's state, refreshed every few seconds.
     *
     * @param member   member id
     * @param address  host:port of the member
     * @param host     host name
     * @param labels   placement labels, {@code key=value} comma-separated
     * @param cores    cores it offers
     * @param slots    trials it runs at once
     * @param busy     trials running now
     * @param done     trials finished since it joined
     * @param load     the machine's one-minute load average, or -1 when unknown
     * @param rssBytes resident memory of its trial processes
     * @param atMillis when this was written
     */
    record Status(String member, String address, String host, String labels, int cores, int slots, int busy, int done,
            double load, long rssBytes, long atMillis) {
    }

    /**
     * A worker member asking for a data file it does not have.
     *
     * @param member the member
     * @param name   the file's name
     * @param sha256 its checksum
     */
    record DataRequest(String member, String name, String sha256) {
    }

    /**
     * Where a streamed data file's chunks are.
     *
     * @param sha256 its checksum
     * @param bytes  its size
     * @param chunks how many chunks, keyed {@code sha256/i}
     * @param error  why it cannot be served, or null
     */
    record DataIndex(String sha256, long bytes, int chunks, String error) {
    }

    /** SHA-256 in hex of {@code s} in UTF-8, as the data checksums are written. */
    static String sha256(String s) {
        return sha256(s.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    static String sha256(byte[] b) {
        return io.archlab.sandbox.data.FashionMnist.sha256(b);
    }

    /** {@code message} sealed with its type: a message of one type cannot pass for another. */
    static String write(ClusterSecret secret, Object message) {
        try {
            return secret.seal(message.getClass().getSimpleName() + "\n" + JSON.writeValueAsString(message));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The message in {@code sealed}; throws {@link ClusterException} when it is not sealed, of another type or unreadable. */
    static <T> T read(ClusterSecret secret, String sealed, Class<T> type) {
        String text = secret.open(sealed);
        String prefix = type.getSimpleName() + "\n";
        if (!text.startsWith(prefix)) {
            throw new ClusterException("a cluster message of another type where a " + type.getSimpleName()
                    + " was expected");
        }
        try {
            T m = JSON.readValue(text.substring(prefix.length()), type);
            if (m == null) {
                throw new ClusterException("empty " + type.getSimpleName() + " message");
            }
            return m;
        } catch (JsonProcessingException e) {
            throw new ClusterException("unreadable " + type.getSimpleName() + " message: " + e.getOriginalMessage());
        }
    }
}
