package io.draftnrun.application.knowledge;

/** Why a file could not be parsed. */
public enum ParseFailure {
    /** Neither the extension nor the content type is a format we read. */
    UNSUPPORTED_TYPE,
    /** The bytes are not a valid file of the format its name announces. */
    CORRUPT_FILE,
    /** The file is encrypted (a password-protected PDF or Office file). */
    PASSWORD_PROTECTED,
    /** The file is valid but holds no text we can extract (an empty file, a scanned PDF without OCR). */
    NO_TEXT
}
