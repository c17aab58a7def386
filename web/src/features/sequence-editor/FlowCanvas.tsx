/**
 * The steps as a flow: React Flow draws them, dagre lays them out (top to bottom) every time the
 * definition changes, so nobody arranges boxes by hand. Edges say why a journey goes there: "then"
 * and "else" of a branch, each waitForEvent outcome and its timeout, a repeat's loop back. Zoom,
 * pan, fit and a minimap come from React Flow; each step is a focusable button (Tab to it, Enter
 * or Space selects it), and the outline beside the canvas is the list alternative.
 */
import { memo, useMemo, type ReactElement } from 'react';
import {
  Background,
  BaseEdge,
  Controls,
  EdgeLabelRenderer,
  getBezierPath,
  getSmoothStepPath,
  Handle,
  MarkerType,
  MiniMap,
  Position,
  ReactFlow,
  type Edge,
  type EdgeProps,
  type Node,
  type NodeProps,
} from '@xyflow/react';
import dagre from '@dagrejs/dagre';
import '@xyflow/react/dist/style.css';
import { describeEditStep } from './describe';
import { flowEdgesOf, type TFlowEdge } from './flow-edges';
import { stepTypeLabel, type TEditStep, type TIssue } from './model';
import { useT } from '../../lib/i18n';

type TStepNodeData = { step: TEditStep; index: number; issues: TIssue[]; summary: string };
type TStepNode = Node<TStepNodeData, 'step'>;

const NODE_W = 240;
const NODE_H = 84;

const StepNode = memo(function StepNode(props: NodeProps<TStepNode>): ReactElement {
  const t = useT();
  const { step, index, issues, summary } = props.data;
  return (
    <div
      className={`flow-step flow-step--${step.type}${props.selected ? ' flow-step--selected' : ''}${issues.length ? ' flow-step--invalid' : ''}`}
    >
      <Handle type="target" id="top" position={Position.Top} isConnectable={false} />
      <Handle type="target" id="side-in" position={Position.Right} isConnectable={false} />
      <div className="flow-step__head">
        <span className="flow-step__type">
          {index + 1}. {stepTypeLabel(t, step.type)}
        </span>
        <code className="flow-step__id">{step.id}</code>
      </div>
      <div className="flow-step__summary">
        {step.name ? `${step.name}: ` : ''}
        {summary}
      </div>
      {issues.length ? (
        <div className="flow-step__issue">
          ⚠ {issues[0]!.message}
          {issues.length > 1 ? ` (+${issues.length - 1})` : ''}
        </div>
      ) : null}
      <Handle type="source" id="bottom" position={Position.Bottom} isConnectable={false} />
      <Handle type="source" id="side-out" position={Position.Right} isConnectable={false} />
    </div>
  );
});

const nodeTypes = { step: StepNode };

type TStepEdge = Edge<{ loop: boolean }, 'step'>;

/**
 * An edge with its label as HTML over the canvas. React Flow's own SVG label measures its text once,
 * when it mounts, and stays hidden if that measure came back empty (seen under load: a branch's "else"
 * never showed); an HTML label needs no measuring.
 */
const StepEdge = memo(function StepEdge(props: EdgeProps<TStepEdge>): ReactElement {
  const at = {
    sourceX: props.sourceX,
    sourceY: props.sourceY,
    targetX: props.targetX,
    targetY: props.targetY,
    sourcePosition: props.sourcePosition,
    targetPosition: props.targetPosition,
  };
  const [path, labelX, labelY] = props.data?.loop ? getSmoothStepPath(at) : getBezierPath(at);
  return (
    <>
      <BaseEdge id={props.id} path={path} {...(props.markerEnd ? { markerEnd: props.markerEnd } : {})} />
      {props.label ? (
        <EdgeLabelRenderer>
          <div className="flow-edge-label" style={{ transform: `translate(-50%, -50%) translate(${labelX}px, ${labelY}px)` }}>
            {props.label}
          </div>
        </EdgeLabelRenderer>
      ) : null}
    </>
  );
});

const edgeTypes = { step: StepEdge };

function layout(steps: readonly TEditStep[], edges: readonly TFlowEdge[]): Map<string, { x: number; y: number }> {
  const g = new dagre.graphlib.Graph({ multigraph: true });
  g.setGraph({ rankdir: 'TB', nodesep: 48, ranksep: 64, edgesep: 24 });
  g.setDefaultEdgeLabel(() => ({}));
  for (const s of steps) g.setNode(s.id, { width: NODE_W, height: NODE_H });
  // Loops back are drawn as arcs beside the flow; they do not shape the layout.
  edges.forEach((e, i) =>
    e.kind === 'loop'
      ? undefined
      : g.setEdge(e.from, e.to, { width: e.label ? 90 : 0, height: e.label ? 20 : 0, weight: e.kind === 'next' ? 2 : 1 }, `e${i}`),
  );
  dagre.layout(g);
  const out = new Map<string, { x: number; y: number }>();
  for (const s of steps) {
    const n = g.node(s.id);
    out.set(s.id, { x: (n?.x ?? 0) - NODE_W / 2, y: (n?.y ?? 0) - NODE_H / 2 });
  }
  return out;
}

export function FlowCanvas(props: {
  steps: readonly TEditStep[];
  issuesByStep: readonly TIssue[][];
  selected: number | null;
  onSelect: (index: number) => void;
}): ReactElement {
  const t = useT();
  const { steps, issuesByStep, selected, onSelect } = props;
  const { nodes, edges } = useMemo(() => {
    const flow = flowEdgesOf(t, steps);
    const positions = layout(steps, flow);
    const nodes: TStepNode[] = steps.map((step, index) => {
      const issues = issuesByStep[index] ?? [];
      const summary = describeEditStep(t, step);
      return {
        id: step.id || `#${index}`,
        type: 'step',
        position: positions.get(step.id) ?? { x: 0, y: index * 120 },
        width: NODE_W,
        height: NODE_H,
        data: { step, index, issues, summary },
        selected: selected === index,
        draggable: false,
        connectable: false,
        deletable: false,
        ariaRole: 'button',
        ariaLabel: issues[0]
          ? t('sequenceEditor.nodeLabelIssues', {
              n: index + 1,
              type: stepTypeLabel(t, step.type),
              id: step.id,
              summary,
              count: issues.length,
              message: issues[0].message,
            })
          : t('sequenceEditor.nodeLabel', { n: index + 1, type: stepTypeLabel(t, step.type), id: step.id, summary }),
        domAttributes: { 'aria-pressed': selected === index },
      };
    });
    const order = new Map(steps.map((st, i) => [st.id, i]));
    // To the following step: straight down. Any other jump or loop: an arc on the right, so its label is never under a step.
    const adjacent = (e: TFlowEdge) => e.kind !== 'loop' && order.get(e.to) === (order.get(e.from) ?? -2) + 1;
    const edges: TStepEdge[] = flow.map((e, i) => ({
      sourceHandle: adjacent(e) ? 'bottom' : 'side-out',
      targetHandle: adjacent(e) ? 'top' : 'side-in',
      id: `${e.from}->${e.to}#${i}`,
      source: e.from,
      target: e.to,
      type: 'step',
      data: { loop: e.kind === 'loop' },
      animated: e.kind === 'loop',
      ...(e.label ? { label: e.label } : {}),
      ariaLabel: e.label
        ? t('sequenceEditor.edgeLabelled', { from: e.from, to: e.to, label: e.label })
        : t('sequenceEditor.edge', { from: e.from, to: e.to }),
      markerEnd: { type: MarkerType.ArrowClosed },
      className: `flow-edge flow-edge--${e.kind}`,
    }));
    return { nodes, edges };
  }, [steps, issuesByStep, selected, t]);

  return (
    <div className="flow-canvas">
      <ReactFlow
        nodes={nodes}
        edges={edges}
        nodeTypes={nodeTypes}
        edgeTypes={edgeTypes}
        nodesDraggable={false}
        nodesConnectable={false}
        edgesFocusable={false}
        deleteKeyCode={null}
        fitView
        fitViewOptions={{ padding: 0.15, maxZoom: 1 }}
        minZoom={0.2}
        onNodeClick={(_, node) => onSelect(node.data.index)}
        onNodesChange={(changes) => {
          // Selection by keyboard (Enter or Space on a focused step) or pointer; the editor owns the selection.
          for (const c of changes) {
            if (c.type !== 'select' || !c.selected) continue;
            const index = nodes.findIndex((n) => n.id === c.id);
            if (index >= 0 && index !== selected) onSelect(index);
          }
        }}
        ariaLabelConfig={{ 'node.a11yDescription.default': t('sequenceEditor.nodeHelp') }}
        aria-label={t('sequenceEditor.sequenceFlow')}
      >
        <Background />
        <Controls showInteractive={false} aria-label={t('sequenceEditor.zoomAndFit')} />
        <MiniMap
          pannable
          zoomable
          position="top-right"
          nodeColor="#9ca3af"
          maskColor="rgba(243, 244, 246, 0.6)"
          ariaLabel={t('sequenceEditor.minimap')}
        />
      </ReactFlow>
    </div>
  );
}
