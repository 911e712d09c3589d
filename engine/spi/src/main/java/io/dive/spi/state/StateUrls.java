package io.dive.spi.state;

/** What every state backend does with its URL in messages: show it without the password. */
public final class StateUrls {

    private StateUrls() {
    }

    /**
     * The URL with the password of its user info replaced by {@code ***}. The user info is everything
     * between {@code ://} and the last {@code @} before the query, so a password holding {@code @} or
     * {@code /} is hidden whole.
     */
    public static String redact(String url) {
        int start = url.indexOf("://");
        if (start < 0) {
            return url;
        }
        start += 3;
        int query = url.indexOf('?', start);
        int at = url.lastIndexOf('@', query < 0 ? url.length() : query);
        if (at < start) {
            return url;
        }
        int colon = url.indexOf(':', start);
        if (colon < 0 || colon > at) {
            return url;
        }
        return url.substring(0, colon) + ":***" + url.substring(at);
    }
}
