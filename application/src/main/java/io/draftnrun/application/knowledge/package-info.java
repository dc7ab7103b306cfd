/**
 * Knowledge-base ingestion in the application: the values exchanged with file storage ({@link
 * io.draftnrun.application.knowledge.BlobKey}, {@link io.draftnrun.application.knowledge.BlobInfo}) and with
 * document parsing ({@link io.draftnrun.application.knowledge.ParsedDocument}, {@link
 * io.draftnrun.application.knowledge.ParseResult}).
 */
package io.draftnrun.application.knowledge;
