package io.archlab.sandbox.cluster;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * The coordinator's answers to workers' requests for data files they do not have: each file read
 * once, sealed in chunks into a map keyed by its checksum, with an index entry saying how many.
 */
final class DataServer implements Runnable {
    private final HazelcastInstance hz;
    private final ClusterSecret secret;
    private final Map<String, Path> servable;
    private final ClusterTrialRunner.Listener listener;
    private final BooleanSupplier closed;

    /**
     * @param servable the files that may be streamed, by checksum
     * @param closed   whether the coordinator is shutting down
     */
    DataServer(HazelcastInstance hz, ClusterSecret secret, Map<String, Path> servable,
            ClusterTrialRunner.Listener listener, BooleanSupplier closed) {
        this.hz = hz;
        this.secret = secret;
        this.servable = Map.copyOf(servable);
        this.listener = listener;
        this.closed = closed;
    }

    @Override
/** Answers workers' requests for data files they do not have: chunks in a map, keyed by checksum. */
public void run() {
    IMap<String, byte[]> chunks = hz.getMap(Members.DATA);
    IMap<String, String> index = hz.getMap(Members.DATA + ".index");
    while (!closed.getAsBoolean()) {
        String msg;
        try {
            msg = hz.<String>getQueue(Members.DATA_REQUESTS).poll(1, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            return;
        } catch (RuntimeException e) {
            if (closed.getAsBoolean()) {
                return;
            }
            continue;
        }
        if (msg == null) {
            continue;
        }
        Wire.DataRequest req;
        try {
            req = Wire.read(secret, msg, Wire.DataRequest.class);
        } catch (ClusterException e) {
            listener.event("refused", "data request refused: " + e.getMessage());
            continue;
        }
        if (index.containsKey(req.sha256())) {
            continue;
        }
        Path file = servable.get(req.sha256());
        if (file == null) {
            index.put(req.sha256(), Wire.write(secret, new Wire.DataIndex(req.sha256(), 0, 0,
                    "the coordinator serves no file with checksum " + req.sha256())));
            continue;
        }
        try {
            if (Files.size(file) > ClusterTrialRunner.MAX_STREAMED_BYTES) {
                throw new IOException(String.format("%s has %,d bytes, more than the %,d the coordinator streams: "
                        + "give the members the same file at the same path", file, Files.size(file),
                        ClusterTrialRunner.MAX_STREAMED_BYTES));
            }
            byte[] bytes = Files.readAllBytes(file);
            if (!Wire.sha256(bytes).equals(req.sha256())) {
                throw new IOException(file + " changed since the run read it");
            }
            int n = (bytes.length + ClusterTrialRunner.CHUNK_BYTES - 1) / ClusterTrialRunner.CHUNK_BYTES;
            for (int i = 0; i < n; i++) {
                chunks.set(req.sha256() + "/" + i, secret.seal(java.util.Arrays.copyOfRange(bytes, i * ClusterTrialRunner.CHUNK_BYTES,
                        Math.min(bytes.length, (i + 1) * ClusterTrialRunner.CHUNK_BYTES))));
            }
            index.put(req.sha256(), Wire.write(secret, new Wire.DataIndex(req.sha256(), bytes.length, n, null)));
            listener.event("data", String.format("streaming %s (%,d bytes) to member %s", req.name(), bytes.length,
                    req.member().substring(0, Math.min(8, req.member().length()))));
        } catch (IOException | RuntimeException | OutOfMemoryError e) {
            if (closed.getAsBoolean()) {
                return;
            }
            try {
                index.put(req.sha256(), Wire.write(secret, new Wire.DataIndex(req.sha256(), 0, 0,
                        "the coordinator cannot stream " + file.getFileName() + ": " + e.getMessage())));
            } catch (RuntimeException again) {
                // the cluster is going down
            }
        }
    }
}
}
