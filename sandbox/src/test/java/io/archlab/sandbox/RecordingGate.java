package io.archlab.sandbox;

import io.archlab.sandbox.train.RungGate;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A fake {@link RungGate}: records every question it is asked, and answers each rung as scripted
 * (a reason to stop there; no entry for the rung: go on).
 */
public final class RecordingGate implements RungGate {
    /** One question the gate was asked. */
    public record Call(int rung, long steps, double valAccuracy) {
    }

    private final Map<Integer, String> stops;
    private final List<Call> calls = new CopyOnWriteArrayList<>();

    /** @param stops the reason to stop at each rung that is to stop */
    public RecordingGate(Map<Integer, String> stops) {
        this.stops = Map.copyOf(stops);
    }

    /** A gate that lets every trial go on. */
    public static RecordingGate goingOn() {
        return new RecordingGate(Map.of());
    }

    @Override
    public String check(int rung, long steps, double valAccuracy) {
        calls.add(new Call(rung, steps, valAccuracy));
        return stops.get(rung);
    }

    /** The questions asked so far, in order. */
    public List<Call> calls() {
        return List.copyOf(calls);
    }

    /** The steps of the questions asked so far, in order. */
    public List<Long> steps() {
        return calls.stream().map(Call::steps).toList();
    }
}
