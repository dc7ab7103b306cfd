-- The chunks of a document found by its id alone (GraphQL `chunks(documentId)` looks up the document's source).
CREATE INDEX chunks_document_idx ON chunks (file_id);
