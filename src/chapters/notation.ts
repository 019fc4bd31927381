/**
 * Every symbol the book uses, with its meaning, its shape and its name in src/nn.
 * Chapters write math with these symbols and no others; the notation page renders this list.
 * `tex` is KaTeX source; a test renders each entry so a typo fails the build's tests.
 */
export interface NotationEntry {
  tex: string;
  meaning: string;
  shape?: string;
  code?: string;
}

export interface NotationGroup {
  title: string;
  entries: NotationEntry[];
}

export const notation: NotationGroup[] = [
  {
    title: 'Data',
    entries: [
      { tex: 'X', meaning: 'the inputs, one sample per row, one feature per column', shape: 'n \\times d', code: 'X, net.input' },
      { tex: 'y', meaning: 'the targets (the right answers), one row per sample', shape: 'n \\times k', code: 'y, net.y' },
      { tex: '\\hat{y}', meaning: "the network's predictions (read “y hat”)", shape: 'n \\times k', code: 'net.output' },
      { tex: 'n', meaning: 'the number of samples (rows of X)' },
      { tex: 'd', meaning: 'the number of input features (columns of X)' },
      { tex: 'k', meaning: 'the number of outputs per sample (for a classifier, the number of classes)' },
      { tex: 'p', meaning: 'a probability: p_i the probability the network gives the right class of sample i; in chapter 9, a target output value between 0 and 1' },
      { tex: 'M', meaning: 'the largest score of a row, taken out first in the log-sum-exp trick' },
      { tex: 'c', meaning: 'a class, in sums over the k classes (∑_c)' },
      { tex: 'i,\\ j', meaning: 'the row and the column of an entry: in X, y and ŷ, i is the sample and j the feature or output; in W, i is the input and j the neuron; in an image, the pixel’s row and column' },
      { tex: 'x = (x_1, \\dots, x_d)', meaning: 'one sample’s inputs, a row of X; x_j is its input feature j' },
      { tex: 'h_1, \\dots, h_4', meaning: 'the four hidden neurons of the tutorial’s network, as the diagrams label them' },
      { tex: '\\mu_j,\\ s_j', meaning: 'the mean and the standard deviation of column j over the training samples', code: 'standardize' },
      { tex: "x'_{ij} = (x_{ij} - \\mu_j) / s_j", meaning: 'standardising: column j minus its mean, divided by its standard deviation', code: 'standardize, applyStandardize' },
      { tex: 'y_{ij}', meaning: 'target j of sample i; with one-hot targets, 1 in the column of the right class and 0 elsewhere', code: 'oneHot(labels, k)' },
    ],
  },
  {
    title: 'Layers, weights and biases',
    entries: [
      { tex: 'W_\\ell', meaning: 'the weights from layer ℓ − 1 into layer ℓ; one row per input, one column per neuron', shape: 'n_{\\ell-1} \\times n_\\ell', code: 'weights1, weights2, layer.W' },
      { tex: 'W_1,\\ W_2', meaning: "the two weight matrices of the tutorial's network", shape: '3 \\times 4,\\ 4 \\times 1', code: 'net.weights1, net.weights2' },
      { tex: 'w_{ij}', meaning: 'one weight: from input (or neuron) i to neuron j' },
      { tex: 'b_\\ell', meaning: 'the biases of layer ℓ, one per neuron, added to every row', shape: '1 \\times n_\\ell', code: 'layer.b' },
      { tex: 'n_\\ell', meaning: 'the number of neurons in layer ℓ' },
      { tex: 'L', meaning: 'the number of layers with weights (the input layer is not counted)' },
    ],
  },
  {
    title: 'The forward pass',
    entries: [
      { tex: 'z_\\ell = a_{\\ell-1} W_\\ell + b_\\ell', meaning: 'the weighted input (pre-activation) of layer ℓ', shape: 'n \\times n_\\ell', code: 'trace.zs[ℓ − 1]' },
      { tex: 'a_\\ell = \\sigma(z_\\ell)', meaning: 'the activation (output) of layer ℓ; a_0 = X and a_L = ŷ', shape: 'n \\times n_\\ell', code: 'trace.as[ℓ − 1], net.layer1' },
      { tex: '\\sigma(z) = \\dfrac{1}{1 + e^{-z}}', meaning: 'the logistic sigmoid; squashes any number into (0, 1)', code: 'sigmoid' },
      { tex: "\\sigma'(z) = \\sigma(z)\\,(1 - \\sigma(z)) = a\\,(1 - a)", meaning: "the sigmoid's derivative, written with its own output a = σ(z); sigmoidPrime(a) takes that output a, not z", code: 'sigmoidPrime(a)' },
      { tex: '\\phi', meaning: 'a layer’s activation function, whichever it is (σ, tanh, ReLU, softmax): a_ℓ = φ(z_ℓ) (read “phi”)', code: 'layer.activation' },
      { tex: '\\tanh,\\ \\operatorname{ReLU}(z) = \\max(0, z)', meaning: 'other activation functions, compared in the later chapters', code: "'tanh', 'relu'" },
      { tex: '\\operatorname{softmax}(z)_j = \\dfrac{e^{z_j}}{\\sum_c e^{z_c}}', meaning: 'turns a row of scores into probabilities that sum to 1', code: "'softmax'" },
    ],
  },
  {
    title: 'Loss and learning',
    entries: [
      { tex: '\\mathcal{L}', meaning: 'the loss: one number that says how wrong the predictions are', code: 'net.loss()' },
      { tex: '\\mathcal{L} = \\sum_{i} (y_i - \\hat{y}_i)^2', meaning: 'the sum of squared errors (the tutorial’s loss)', code: "'sumOfSquares'" },
      { tex: 'e', meaning: 'Euler’s number, 2.71828…, in e^z (the exponential, Math.exp); with a subscript, e_i is an error (next row)' },
      { tex: 'e_i = y_i - \\hat{y}_i', meaning: 'the error of sample i: positive when the prediction is too low', code: 'subtract(y, net.output)' },
      { tex: '\\operatorname{MSE} = \\tfrac{1}{n} \\sum_{i} (y_i - \\hat{y}_i)^2', meaning: 'the mean squared error: the sum of squares divided by the number of entries (n when there is one output per sample)', code: "'meanSquaredError'" },
      { tex: '\\mathcal{L} = -\\tfrac{1}{n} \\sum_{i} \\sum_{j} y_{ij} \\ln \\hat{y}_{ij}', meaning: 'the cross-entropy, for softmax outputs: the mean of −ln(probability given to the right class)', code: "'crossEntropy', categoricalCrossEntropy" },
      { tex: 'f,\\ g', meaning: 'two functions of one number, in the chain rule: 𝓛 = f(u) with u = g(w)' },
      { tex: 'h', meaning: 'the small step of a central difference (the derivative measured numerically)' },
      { tex: "\\mathcal{L}'(w) = \\dfrac{d\\mathcal{L}}{dw}", meaning: 'the derivative of a loss of one weight w: its slope, how fast it changes as w changes' },
      { tex: '\\dfrac{\\mathcal{L}(w + h) - \\mathcal{L}(w - h)}{2h}', meaning: 'the central difference: the slope measured numerically, with a small step h' },
      { tex: '\\nabla \\mathcal{L}', meaning: 'the gradient: all the partial derivatives of the loss, one per weight; it points uphill' },
      { tex: '\\dfrac{\\partial \\mathcal{L}}{\\partial W}', meaning: 'the gradient: how the loss changes when each weight changes a little', shape: '\\text{same as } W', code: 'dW' },
      { tex: '\\delta_\\ell', meaning: 'the error signal of layer ℓ, ∂𝓛/∂z_ℓ, passed backwards by backpropagation', shape: 'n \\times n_\\ell', code: 'grads.deltas' },
      { tex: '\\Delta w,\\ \\Delta \\mathcal{L} \\approx \\nabla \\mathcal{L} \\cdot \\Delta w', meaning: 'a small change of the weights, and the change of the loss it causes: to first order, the dot product of the gradient with the step' },
      { tex: '\\eta', meaning: 'the learning rate (read “eta”): how big a step gradient descent takes', code: 'learningRate' },
      { tex: 'W \\leftarrow W - \\eta \\dfrac{\\partial \\mathcal{L}}{\\partial W}', meaning: 'one step of gradient descent', code: 'train' },
      { tex: '\\mathcal{L}_t', meaning: 'the loss measured in training step t (counting from 0), before that step’s update; the list of them is the loss history', code: 'history[t]' },
      { tex: 't', meaning: 'a training step, counting from 0 (never the targets: they are y)', code: 'history[t]' },
      { tex: 'T', meaning: 'the number of steps between two drops of a step-decay schedule', code: 'schedule.every' },
      { tex: '\\eta_t,\\ \\eta_0', meaning: 'the learning rate used in step t under a schedule, and the rate it starts from', code: 'learningRateAt(schedule, eta0, t)' },
      { tex: '\\gamma', meaning: 'the factor a learning-rate schedule multiplies the rate by (read “gamma”)', code: "schedule.factor, schedule.decay" },
    ],
  },
  {
    title: 'Automatic differentiation',
    entries: [
      { tex: 'v,\\ u', meaning: 'a node of a computational graph (one value the engine computed) and one of its inputs', code: 'Scalar, v.inputs' },
      { tex: '\\dfrac{\\partial v}{\\partial u}', meaning: 'the local derivative of a node with respect to one of its inputs, worked out in the forward pass', code: 'v.locals[i]' },
      { tex: '\\dfrac{\\partial \\mathcal{L}}{\\partial v}', meaning: 'the gradient of the output with respect to node v, filled in by the backward pass', code: 'v.grad, backpropagate' },
      { tex: '\\dfrac{\\partial \\mathcal{L}}{\\partial u} \\mathrel{+}= \\dfrac{\\partial \\mathcal{L}}{\\partial v} \\cdot \\dfrac{\\partial v}{\\partial u}', meaning: 'one use of u by v, in the backward pass: a value used several times collects one term per use, and their sum is its gradient', code: 'input.grad += node.grad * node.locals[i]' },
    ],
  },
  {
    title: 'Operations',
    entries: [
      { tex: 'm,\\ q,\\ r', meaning: 'the sizes in the general rules for matrices: A is m × q, B is q × r (n stays the number of samples)' },
      { tex: 'AB', meaning: 'the matrix product: needs A’s columns to equal B’s rows', shape: '(m \\times q)(q \\times r) = m \\times r', code: 'matmul(A, B)' },
      { tex: '(AB)_{ij} = A_{i1} B_{1j} + \\dots + A_{iq} B_{qj}', meaning: 'one entry of the matrix product: row i of A against column j of B, multiplied pairwise and summed', code: 'get(matmul(A, B), i, j)' },
      { tex: 'A_{i,:}', meaning: 'row i of the matrix A (the colon stands for every column)', shape: '1 \\times q \\text{ for } A: m \\times q', code: 'takeRows(A, [i])' },
      { tex: 'A^\\top', meaning: 'the transpose: rows become columns', shape: 'q \\times m \\text{ for } A: m \\times q', code: 'transpose(A)' },
      { tex: 'A \\odot B', meaning: 'the element-wise (Hadamard) product of two matrices of the same shape', code: 'multiply(A, B)' },
      { tex: '\\sum_i', meaning: 'the sum over all values of i', code: 'sum' },
      { tex: 'K', meaning: 'a filter (kernel): a small grid of weights slid over an image; its entries Kᵤᵥ with u, v ∈ {−1, 0, 1} for 3×3', shape: '3 \\times 3' },
      { tex: '(I \\star K)_{ij} = \\sum_{u} \\sum_{v} K_{uv}\\, I_{i+u,\\,j+v}', meaning: 'filtering image I with K (what convolutional layers compute): each output pixel is the weighted sum of the patch around it' },
    ],
  },
];
