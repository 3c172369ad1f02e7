package io.archlab.sandbox;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;

/**
 * A stand-in worker process speaking the protocol from a script: it answers each trial by saying
 * it is tracing, then a line the coordinator cannot read ({@code oversized}: a result of 17 M
 * characters; {@code malformed}: a cut JSON object), then a good result. In mode {@code skipped-rung}
 * it says it is training, asks at rung 0 (30 steps), reads the answer, asks at rung 2 (120 steps)
 * instead of rung 1, then sends a good result.
 */
public final class ScriptedWorker {
    private ScriptedWorker() {
    }

    public static void main(String[] args) throws Exception {
        String mode = args[0];
        System.out.println("{\"v\":1,\"kind\":\"hello\",\"pid\":" + ProcessHandle.current().pid() + "}");
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String line;
        while ((line = in.readLine()) != null) {
            if (line.contains("\"kind\":\"init\"")) {
                System.out.println("{\"v\":1,\"kind\":\"ready\"}");
            } else if (line.contains("\"kind\":\"trial\"") && mode.equals("skipped-rung")) {
                System.out.println("{\"v\":1,\"kind\":\"stage\",\"stage\":\"TRAIN\"}");
                System.out.println("{\"v\":1,\"kind\":\"rung\",\"rung\":0,\"steps\":30,\"valAccuracy\":0.5}");
                in.readLine();   // go
                System.out.println("{\"v\":1,\"kind\":\"rung\",\"rung\":2,\"steps\":120,\"valAccuracy\":0.6}");
                System.out.println(result("late"));
            } else if (line.contains("\"kind\":\"trial\"")) {
                System.out.println("{\"v\":1,\"kind\":\"stage\",\"stage\":\"TRACE\"}");
                String bad = mode.equals("oversized") ? result("E".repeat(17_000_000))
                        : "{\"v\":1,\"kind\":\"result\",\"result\":{";
                System.out.println(bad);
                System.out.println(result("late"));
            } else if (line.contains("\"kind\":\"exit\"")) {
                return;
            }
        }
    }

    private static String result(String message) {
        String outcome = message.equals("late") ? "{\"type\":\"succeeded\"}"
                : "{\"type\":\"failed\",\"kind\":\"SHAPE_ERROR\",\"stage\":\"TRACE\",\"message\":\"" + message + "\"}";
        return "{\"v\":1,\"kind\":\"result\",\"result\":{\"outcome\":" + outcome + ",\"curve\":[],\"totalSeconds\":0}}";
    }
}
