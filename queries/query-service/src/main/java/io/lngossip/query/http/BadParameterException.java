package io.lngossip.query.http;

/** A request parameter that is missing or malformed: answered with 400 and a problem+json body naming it. */
public final class BadParameterException extends RuntimeException {
    private final String parameter;

    public BadParameterException(String parameter, String message) {
        super(message);
        this.parameter = parameter;
    }

    public String parameter() {
        return parameter;
    }
}
