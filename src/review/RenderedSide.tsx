import type * as nbformat from '@jupyterlab/nbformat';
import { OutputArea, OutputAreaModel } from '@jupyterlab/outputarea';
import { type IRenderMimeRegistry, MimeModel } from '@jupyterlab/rendermime';
import * as React from 'react';
import { useHostedWidget } from './hostedWidget';

/**
 * Rendered content of one side of a cell, always untrusted: outputs through an OutputArea
 * (which then picks only safe mimetypes) and markdown through the markdown renderer (which
 * sanitizes). `rendermime` is the review panel's own clone (see untrusted.ts).
 */

export function OutputsSide(props: {
  outputs: unknown[];
  rendermime: IRenderMimeRegistry;
}): JSX.Element {
  const host = useHostedWidget(() => {
    const model = new OutputAreaModel({
      values: props.outputs as nbformat.IOutput[],
      trusted: false
    });
    const area = new OutputArea({ model, rendermime: props.rendermime });
    area.addClass('jp-nbpromote-ReviewOutputs');
    area.disposed.connect(() => model.dispose());
    return area;
  }, [props.outputs, props.rendermime]);
  return <div className="jp-nbpromote-ReviewSide-rendered" ref={host} />;
}

export function MarkdownSide(props: {
  source: string;
  rendermime: IRenderMimeRegistry;
}): JSX.Element {
  const host = useHostedWidget(() => {
    const renderer = props.rendermime.createRenderer('text/markdown');
    void renderer.renderModel(
      new MimeModel({ data: { 'text/markdown': props.source }, trusted: false })
    );
    return renderer;
  }, [props.source, props.rendermime]);
  return <div className="jp-nbpromote-ReviewSide-rendered jp-RenderedMarkdown" ref={host} />;
}
