"""A small causal transformer with Qwen2.5-Math-PRM's I/O: token ids -> two logits per token.

Position information is relative only: every head adds a learned bias per token distance
(0 .. rel_window-1; farther tokens share the last bucket) to its attention scores, in the manner of
T5's relative attention bias. A head can so learn to look exactly "five tokens back", which is what
checking `x op d = y` needs wherever a step sits in the sequence, and content-based heads see every
earlier step alike. Positions are computed in the graph from the attention mask (cumsum - 1), so
padding on either side leaves the real positions' outputs unchanged.

Training-only heads (next token, local step check) sit beside the exported classifier head; the
exported graphs only carry `head`.
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass
from typing import List, Optional, Tuple

import torch
import torch.nn as nn
import torch.nn.functional as F

NEG = -1e9  # additive mask value; finite so that a fully masked row stays NaN-free


@dataclass
class ModelConfig:
    vocab_size: int
    d_model: int = 64
    n_layers: int = 4
    n_heads: int = 4
    d_ff: int = 256
    rel_window: int = 32

    def to_dict(self) -> dict:
        return asdict(self)


class Attention(nn.Module):
    def __init__(self, cfg: ModelConfig):
        super().__init__()
        self.h = cfg.n_heads
        self.dh = cfg.d_model // cfg.n_heads
        self.qkv = nn.Linear(cfg.d_model, 3 * cfg.d_model)
        self.out = nn.Linear(cfg.d_model, cfg.d_model)

    def forward(self, x, rel, bias, past_k=None, past_v=None):
        b, t = x.shape[0], x.shape[1]
        q, k, v = self.qkv(x).chunk(3, dim=-1)
        q = q.reshape(b, t, self.h, self.dh).transpose(1, 2)
        k = k.reshape(b, t, self.h, self.dh).transpose(1, 2)
        v = v.reshape(b, t, self.h, self.dh).transpose(1, 2)
        if past_k is not None:
            k = torch.cat((past_k, k), dim=2)
            v = torch.cat((past_v, v), dim=2)
        att = torch.matmul(q, k.transpose(-1, -2)) * (1.0 / math.sqrt(self.dh)) + rel + bias
        att = torch.softmax(att, dim=-1)
        y = torch.matmul(att, v).transpose(1, 2).reshape(b, t, self.h * self.dh)
        return self.out(y), k, v


class Block(nn.Module):
    def __init__(self, cfg: ModelConfig):
        super().__init__()
        self.ln1 = nn.LayerNorm(cfg.d_model)
        self.attn = Attention(cfg)
        self.ln2 = nn.LayerNorm(cfg.d_model)
        self.ff = nn.Sequential(nn.Linear(cfg.d_model, cfg.d_ff), nn.GELU(), nn.Linear(cfg.d_ff, cfg.d_model))

    def forward(self, x, rel, bias, past_k=None, past_v=None):
        a, k, v = self.attn(self.ln1(x), rel, bias, past_k, past_v)
        x = x + a
        x = x + self.ff(self.ln2(x))
        return x, k, v


class PRM(nn.Module):
    def __init__(self, cfg: ModelConfig):
        super().__init__()
        self.cfg = cfg
        self.embed = nn.Embedding(cfg.vocab_size, cfg.d_model)
        self.blocks = nn.ModuleList(Block(cfg) for _ in range(cfg.n_layers))
        # relative attention bias of every layer and head, by distance: [window, layers * heads]
        self.rel_bias = nn.Parameter(torch.zeros(cfg.rel_window, cfg.n_layers * cfg.n_heads))
        self.ln_f = nn.LayerNorm(cfg.d_model)
        self.head = nn.Linear(cfg.d_model, 2)  # exported: [wrong, right] per token
        # training-only heads
        self.lm_head = nn.Linear(cfg.d_model, cfg.vocab_size)
        self.local_head = nn.Linear(cfg.d_model, 2)
        self.apply(self._init)

    @staticmethod
    def _init(m):
        if isinstance(m, nn.Linear):
            nn.init.normal_(m.weight, std=0.02)
            nn.init.zeros_(m.bias)
        elif isinstance(m, nn.Embedding):
            nn.init.normal_(m.weight, std=0.02)

    def hidden(
        self,
        input_ids: torch.Tensor,
        attention_mask: torch.Tensor,
        past: Optional[List[Tuple[torch.Tensor, torch.Tensor]]] = None,
        right_padded: bool = False,
    ):
        """Final hidden states [B,T,d] and the per-layer (key, value) caches [B,H,P+T,dh].

        attention_mask covers past and new tokens ([B,P+T]), as in HuggingFace decoders.
        Distances count real tokens only, per row, so padding anywhere (also inside a cached
        past) leaves real positions unchanged. right_padded=True is a training shortcut for
        batches without past whose padding is all on the right: real positions are then 0..n-1
        in every row, and one [T,T] distance table serves the whole batch (the per-row table's
        gradient costs B times more). Outputs at real positions are the same either way.
        """
        t = input_ids.shape[1]
        s = attention_mask.shape[1]  # P + T
        p = s - t
        mask = attention_mask.to(torch.float32)
        if right_padded:
            pos_k = torch.arange(s, device=input_ids.device).unsqueeze(0)  # [1,S]
        else:
            pos_k = torch.cumsum(attention_mask, dim=1)  # [B,S]: real tokens up to and including each
        pos_q = pos_k[:, p:]
        # distance in real tokens from each query to each key, clipped into the bias table
        dist = torch.clamp(pos_q.unsqueeze(2) - pos_k.unsqueeze(1), 0, self.cfg.rel_window - 1)  # [B,T,S]
        rel_all = F.embedding(dist, self.rel_bias).permute(0, 3, 1, 2)  # [B, L*H, T, S]
        h = self.cfg.n_heads
        q_idx = torch.arange(t, device=input_ids.device).unsqueeze(1) + p  # [T,1]
        k_idx = torch.arange(s, device=input_ids.device).unsqueeze(0)  # [1,S]
        causal = (k_idx <= q_idx).to(torch.float32)  # [T,S]
        allowed = causal.unsqueeze(0).unsqueeze(0) * mask.unsqueeze(1).unsqueeze(1)  # [B,1,T,S]
        bias = (1.0 - allowed) * NEG
        x = self.embed(input_ids)
        presents = []
        for i, blk in enumerate(self.blocks):
            pk, pv = past[i] if past is not None else (None, None)
            x, k, v = blk(x, rel_all[:, i * h : (i + 1) * h], bias, pk, pv)
            presents.append((k, v))
        return self.ln_f(x), presents

    def forward(self, input_ids, attention_mask):
        h, _ = self.hidden(input_ids, attention_mask)
        return self.head(h)


class ExportFull(nn.Module):
    """input_ids, attention_mask -> logits."""

    def __init__(self, prm: PRM):
        super().__init__()
        self.prm = prm

    def forward(self, input_ids, attention_mask):
        h, _ = self.prm.hidden(input_ids, attention_mask)
        return self.prm.head(h)


class ExportWithPast(nn.Module):
    """input_ids [B,T], attention_mask [B,P+T], past key/values -> logits, present key/values."""

    def __init__(self, prm: PRM):
        super().__init__()
        self.prm = prm

    def forward(self, input_ids, attention_mask, *past_flat):
        past = [(past_flat[2 * i], past_flat[2 * i + 1]) for i in range(len(past_flat) // 2)]
        h, presents = self.prm.hidden(input_ids, attention_mask, past)
        out = [self.prm.head(h)]
        for k, v in presents:
            out.extend((k, v))
        return tuple(out)
