import {
  type OpenApiDocument,
  operationMetadata,
  operationParameters,
} from "@braze-subscriptions/generate-client";
import { firstServer, headerAuth, operationObject, requestExamples } from "./operation-context.js";
import type { SampleTemplate } from "./sample-template.js";

/** One entry of Redoc's `x-codeSamples`. */
export interface CodeSample {
  lang: string;
  label: string;
  source: string;
}

/** An entry of Redoc's language menu (`codeSamples.languages`). */
export interface CodeSampleLanguage {
  lang: string;
  label: string;
}

/**
 * Generates `x-codeSamples` from the request examples of every operation of `doc` (which it
 * changes in place) and returns the languages they use, in menu order. Each template renders
 * one sample per example, labelled `<template> · <example key>` when there are several
 * examples. Samples the spec already has are kept, first.
 */
export function addCodeSamples(
  doc: OpenApiDocument,
  templates: readonly SampleTemplate[],
): CodeSampleLanguage[] {
  const languages = new Map<string, CodeSampleLanguage>();
  for (const metadata of Object.values(operationMetadata(doc))) {
    const operation = operationObject(doc, metadata);
    const parameters = operationParameters(doc, metadata.path, metadata.method.toLowerCase());
    const examples = requestExamples(
      doc,
      operation,
      parameters.map(({ parameter }) => parameter),
    );
    if (examples.length === 0) continue;
    const server = firstServer(doc, metadata.path, operation);
    const auth = headerAuth(doc, operation);
    const existing = Array.isArray(operation["x-codeSamples"])
      ? (operation["x-codeSamples"] as CodeSample[])
      : [];
    const generated: CodeSample[] = [];
    for (const template of templates) {
      for (const example of examples) {
        const source = template.render({ doc, operation: metadata, server, auth, example });
        if (source === undefined) continue;
        const label = examples.length === 1 ? template.label : `${template.label} · ${example.key}`;
        generated.push({ lang: template.lang, label, source });
      }
    }
    const samples = [...existing, ...generated];
    for (const { lang, label } of samples)
      languages.set(label ?? lang, { lang, label: label ?? lang });
    operation["x-codeSamples"] = samples;
  }
  return [...languages.values()];
}
