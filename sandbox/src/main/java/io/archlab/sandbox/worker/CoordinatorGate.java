package io.archlab.sandbox.worker;

import com.fasterxml.jackson.databind.JsonNode;
import io.archlab.sandbox.train.RungGate;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintStream;

/**
 * The worker's side of a trial's rungs: a {@link RungGate} that asks the coordinator over
 * {@link Protocol} and waits for its {@code go} or {@code stop}. Anything else (the coordinator
 * closes the pipe, says exit, or sends what is not an answer) ends the trial as a fault in
 * training; after the first two the worker ends too ({@link #ended}).
 */
final class CoordinatorGate implements RungGate {
    private final BufferedReader in;
    private final PrintStream protocol;
    private boolean ended;

    /** Asks over {@code protocol} and reads the answer from {@code in}, the coordinator's side of the pipe. */
    CoordinatorGate(BufferedReader in, PrintStream protocol) {
        this.in = in;
        this.protocol = protocol;
    }

    @Override
    public String check(int rung, long steps, double valAccuracy) {
        protocol.println(Protocol.rung(rung, steps, valAccuracy));
        String line;
        try {
            line = in.readLine();
        } catch (IOException e) {
            line = null;
        }
        if (line == null) {
            ended = true;
            throw new IllegalStateException("the coordinator closed the pipe while rung " + rung + " waited for it");
        }
        JsonNode m = Protocol.parse(line);
        return switch (m.path("kind").asText()) {
            case "go" -> null;
            case "stop" -> m.hasNonNull("reason") ? m.get("reason").asText() : "stopped at rung " + rung;
            case "exit" -> {
                ended = true;
                throw new IllegalStateException("the coordinator said exit while rung " + rung + " waited for it");
            }
            default -> throw new IllegalStateException("the coordinator answered rung " + rung + " with '"
                    + m.path("kind").asText() + "', not go or stop");
        };
    }

    /** Whether the coordinator ended the conversation while a rung waited: the worker should end. */
    boolean ended() {
        return ended;
    }
}
