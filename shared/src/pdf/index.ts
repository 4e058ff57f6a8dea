/** PDF documents: creation with deterministic metadata, fonts, footers and the bytes as a Buffer (pdfkit). */
export * from './pdf-document';
