package io.archlab.sandbox.ir;

/**
 * Text a candidate can make as long as it likes (its exception messages, shapes it invents, names
 * in its source) cut to a bound where it is produced, with a visible mark: what the sandbox carries
 * back to the coordinator, the store and the repair prompt stays small.
 */
public final class BoundedText {
    /** Room kept for the mark: " …[2,147,483,647 more characters cut]" is 38 characters. */
    private static final int MARK = 40;

    private BoundedText() {
    }

    /**
     * {@code text} when at most {@code max} characters, else its start and a mark saying how much was
     * cut, {@code max} characters in all (so bounding twice changes nothing); null stays null.
     */
    public static String of(String text, int max) {
        if (max < 2 * MARK) {
            throw new IllegalArgumentException("bound too small: " + max);
        }
        if (text == null || text.length() <= max) {
            return text;
        }
        int end = max - MARK;
        end = Character.isHighSurrogate(text.charAt(end - 1)) ? end - 1 : end;
        return text.substring(0, end) + String.format(" …[%,d more characters cut]", text.length() - end);
    }
}
